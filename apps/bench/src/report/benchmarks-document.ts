/**
 * Edits docs/benchmarks.md section by section. Each generated section sits between
 * `<!-- bench:<key>:start -->` and `<!-- bench:<key>:end -->`; only those sections are ever
 * rewritten, everything else in the file (other engineers' sections) is kept byte for byte.
 */
import { InvalidArgumentError } from '@gliznet/common';

export function sectionMarkers(key: string): { start: string; end: string } {
  if (!/^[a-z0-9-]+$/.test(key)) throw new InvalidArgumentError('key', `section key ${JSON.stringify(key)} must be lowercase letters, digits and dashes`);
  return { start: `<!-- bench:${key}:start -->`, end: `<!-- bench:${key}:end -->` };
}

export function hasSection(document: string, key: string): boolean {
  return document.includes(sectionMarkers(key).start);
}

/**
 * Replaces the section's body, or adds the section (with its markers) when the file has none: at
 * the end (default), or before the first `## ` heading (after the document's title and opening
 * paragraph). A start marker without its end marker is an error: nothing is guessed or deleted.
 */
export function replaceSection(document: string, key: string, body: string, options: { position?: 'end' | 'before-first-section' } = {}): string {
  const { start, end } = sectionMarkers(key);
  const block = `${start}\n${body.trim()}\n${end}`;
  const startIndex = document.indexOf(start);
  if (startIndex === -1) {
    const base = document.trim();
    if (base === '') return `${block}\n`;
    const firstSection = /^## /m.exec(base);
    if (options.position === 'before-first-section' && firstSection !== null) {
      return `${base.slice(0, firstSection.index)}${block}\n\n${base.slice(firstSection.index)}\n`;
    }
    return `${base}\n\n${block}\n`;
  }
  const endIndex = document.indexOf(end, startIndex);
  if (endIndex === -1) throw new InvalidArgumentError('document', `docs/benchmarks.md has ${start} but no ${end}; restore the end marker by hand`);
  return `${document.slice(0, startIndex)}${block}${document.slice(endIndex + end.length)}`;
}
