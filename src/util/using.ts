/** Open a resource (a store, a queue) for one job and close it however the job ends. */
export async function using<T extends { close(): Promise<void> }, R>(
  opening: Promise<T>,
  job: (resource: T) => Promise<R>,
): Promise<R> {
  const resource = await opening;
  try {
    return await job(resource);
  } finally {
    await resource.close();
  }
}
