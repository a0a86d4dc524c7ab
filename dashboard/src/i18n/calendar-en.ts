import type { Dict } from './types';

/** The holiday calendar (features/calendar), in English. */
export const CALENDAR_EN: Dict['calendar'] = {
  link: 'Holiday calendar',
  title: 'Holiday calendar',
  lead: "The State Council publishes next year's holiday arrangement in November or December. Import the year's days off and make-up working days here: every deadline of the documents in flight and of the open tasks is recomputed with it and loses its provisional mark; each deadline moved is recorded in its document's history.",
  back: 'Back to the directory',
  file: 'Arrangement file (JSON)',
  fileHint:
    'The file `npx gongkai calendar import 2027.json` takes: {"year": 2027, "holidays": [...], "workdays": [...], "notice": "国办发明电〔…〕…号"}',
  notJson: 'The file chosen is not JSON',
  check: 'Check (writes nothing)',
  apply: 'Import and recompute deadlines',
  checking: 'Checking…',
  applying: 'Importing…',
  checked: (year: number, changes: number) =>
    `The ${year} arrangement is valid: importing it moves ${changes} deadlines.`,
  imported: (year: number, version: number, changes: number) =>
    `The ${year} arrangement is imported (version ${version}); ${changes} deadlines moved.`,
  unchanged: (year: number) => `This ${year} arrangement was imported before: not stored again; deadlines checked.`,
  counts: (holidays: number, workdays: number) => `${holidays} days off, ${workdays} make-up working days`,
  scope: (documents: number, tasks: number) => `${documents} documents in flight and ${tasks} open tasks checked`,
  changesTitle: 'Deadlines moved',
  document: 'Document',
  deadline: 'Deadline',
  from: 'Was',
  to: 'Now',
  publication: 'Publication (20 working days)',
  task: (kind: string) => `${kind} task`,
  provisional: 'provisional',
  storedTitle: 'Years imported',
  storedEmpty:
    'No year imported yet; deadlines in a year without a published arrangement count weekends and the statutory holidays, provisionally.',
  year: 'Year',
  version: 'Version',
  notice: 'Notice',
  importedAt: 'Imported',
  importedBy: 'By',
};
