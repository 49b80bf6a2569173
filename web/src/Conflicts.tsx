import type { StoryBrief } from '../../src/model';
import { Cite, type OnCite } from './Cite';
import { outletOf } from './text';

const HEADING: Record<StoryBrief['conflicts'][number]['type'], string> = {
  quantity: 'Numbers differ',
  date: 'Dates differ',
  polarity: 'Reports contradict',
  attribution: 'Speakers differ',
  role: 'Titles differ',
  name: 'Names differ',
};

/** Each disagreement: every value with the source that gives it. */
export function Conflicts({ brief, onCite }: { brief: StoryBrief; onCite: OnCite }) {
  if (!brief.conflicts.length)
    return (
      <p class="status empty">
        The sources do not disagree on any number, date, statement, speaker, name or title we could compare.
      </p>
    );
  return (
    <ul class="conflicts">
      {brief.conflicts.map((c, i) => (
        <li key={i} class="conflict">
          <h3>
            {HEADING[c.type]}: {c.about}
          </h3>
          <p class="explain">{c.explanation}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">Value</th>
                <th scope="col">Source</th>
                <th scope="col">Passage</th>
              </tr>
            </thead>
            <tbody>
              {c.values.map((v, j) => (
                <tr key={j}>
                  <td class="value">{v.text}</td>
                  <td>{outletOf(brief, v.citation.articleId)}</td>
                  <td>
                    <Cite c={v.citation} brief={brief} onCite={onCite} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </li>
      ))}
    </ul>
  );
}
