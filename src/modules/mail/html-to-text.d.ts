// html-to-text 10 ships no type declarations (and @types/html-to-text is not installed): the one
// function the intake uses.
declare module 'html-to-text' {
  export function convert(
    html: string,
    options?: { wordwrap?: number | false; selectors?: { selector: string; format?: string }[] },
  ): string;
}
