/** An ingest failure whose message is shown to the user next to the input's name. */
export class IngestError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`${input}: ${reason}`);
  }
}
