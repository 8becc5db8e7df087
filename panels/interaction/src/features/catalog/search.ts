/** True when every word of the query appears in one of the fields (case-insensitive). */
export function matchesSearch(query: string, ...fields: Array<string | undefined>): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = fields.filter(Boolean).join(' ').toLowerCase();
  return words.every((word) => haystack.includes(word));
}
