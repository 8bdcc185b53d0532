// Commands this project prints for a person to paste (the fixture removal, the cleanup after an
// interrupt, the stand-in's curl example) quote their words one way.

/** One POSIX shell word: kept as is when plain, else in single quotes (`'` written as `'\''`). */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9._~/:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
