import { ACCEPTED_FILE_TYPES, isAcceptedContentType } from '../../../shared/model/document';
import type { FileProblem } from '../../../shared/model/file-problem';

/** A file problem with one code, with its facts. */
export type ProblemOf<C extends FileProblem['code']> = Extract<FileProblem, { readonly code: C }>;

/** How a dictionary words a refused file's problem: one function per code, so a code left out does not compile. */
export type ProblemWords = { readonly [C in FileProblem['code']]: (problem: ProblemOf<C>) => string };

function wordCode<C extends FileProblem['code']>(words: ProblemWords, code: C, problem: ProblemOf<C>): string {
  return words[code](problem);
}

/** What is wrong with the file, in the reader's language. */
export function problemText(words: ProblemWords, problem: FileProblem): string {
  return wordCode(words, problem.code, problem);
}

/** A content type as people know it, by its extension ("DOCX", "TXT"); another type as it is. */
export function fileTypeName(type: string): string {
  return isAcceptedContentType(type) ? ACCEPTED_FILE_TYPES[type][0].toUpperCase() : type;
}

/** Bytes as megabytes, one decimal, for a size limit's message. */
export const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
