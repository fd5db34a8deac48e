export interface WireAnswer {
  method: string;
  /** The request's URL, or its path. */
  url: string;
  status: number;
  headers: Headers | Record<string, string | string[] | undefined>;
  body: string;
}

export interface WireChecker {
  /** The differences between `answer` and the document ([] when none), or null when no operation has its method and path. */
  check(answer: WireAnswer): string[] | null;
}

export function wireChecker(document: object): WireChecker;
