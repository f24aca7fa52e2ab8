/**
 * Word pools for the synthetic corpus. The thesaurus holds stems, not words, so replacement words
 * come from the article's own vocabulary and from these everyday German words (news register).
 */
export const fillerNouns: readonly string[] = Object.freeze([
  'Abkommen', 'Ausschuss', 'Behörde', 'Botschaft', 'Delegation', 'Entwicklung', 'Erklärung', 'Forderung',
  'Gespräch', 'Grenze', 'Hafen', 'Handel', 'Haushalt', 'Industrie', 'Investition', 'Kommission', 'Konferenz',
  'Kritik', 'Landwirtschaft', 'Lieferung', 'Marine', 'Ministerium', 'Opposition', 'Parlament', 'Programm',
  'Projekt', 'Regierung', 'Reform', 'Sanktionen', 'Schulden', 'Sicherheit', 'Streitkräfte', 'Technologie',
  'Verhandlungen', 'Vertrag', 'Wahlen', 'Wirtschaft', 'Zeitung', 'Energie', 'Versorgung', 'Flughafen',
  'Universität', 'Ausbildung', 'Übung', 'Manöver', 'Hilfe', 'Kredit', 'Bevölkerung', 'Presse', 'Gipfel',
]);

/** Verbs, adjectives and adverbs (lower case in German text). */
export const fillerWords: readonly string[] = Object.freeze([
  'unterzeichnen', 'verhandeln', 'ankündigen', 'bestätigen', 'kritisieren', 'erweitern', 'vertiefen',
  'besuchen', 'liefern', 'finanzieren', 'unterstützen', 'ablehnen', 'fordern', 'berichten', 'betonen',
  'wirtschaftlich', 'offiziell', 'regional', 'staatlich', 'gemeinsam', 'langfristig', 'bilateral',
  'wichtig', 'neu', 'jüngst', 'erneut', 'bereits', 'kürzlich', 'zunehmend', 'deutlich',
]);

/** Names of the real article, each with the pool its replacements come from (longest first). */
export const nameSlots: readonly (readonly [string, 'person' | 'country' | 'city' | 'agency' | 'place'])[] = Object.freeze([
  ['Álvaro López Miera', 'person'],
  ['Miguel Díaz-Canel', 'person'],
  ['López Miera', 'person'],
  ['Díaz-Canel', 'person'],
  ['Raúl Castro', 'person'],
  ['He Weidong', 'person'],
  ['Xi Jinping', 'person'],
  ['Dong Jun', 'person'],
  ['Xiangshan', 'place'],
  ['Havanna', 'city'],
  ['Peking', 'city'],
  ['Xinhua', 'agency'],
  ['Kuba', 'country'],
  ['China', 'country'],
  ['EFE', 'agency'],
] as const);

/** Replacement names by kind. */
export const namePools: Readonly<Record<'person' | 'country' | 'city' | 'agency' | 'place', readonly string[]>> = Object.freeze({
  person: ['Ana Beltrán', 'Nguyen Van Thanh', 'Olga Petrova', 'Samuel Okafor', 'Lucía Ferreira', 'Tomás Aguirre', 'Mei Lin', 'Rashid Karimov', 'Elena Vukovic', 'Jorge Salinas'],
  country: ['Vietnam', 'Laos', 'Nicaragua', 'Venezuela', 'Bolivien', 'Angola', 'Serbien', 'Kasachstan', 'Mosambik', 'Myanmar', 'Algerien', 'Belarus'],
  city: ['Hanoi', 'Managua', 'Caracas', 'La Paz', 'Luanda', 'Belgrad', 'Astana', 'Maputo', 'Algier', 'Minsk'],
  agency: ['TASS', 'Prensa Latina', 'AFP', 'Reuters', 'ANSA', 'Yonhap'],
  place: ['Waldai', 'Shangri-La', 'Raisina', 'Manama', 'Halifax'],
});
