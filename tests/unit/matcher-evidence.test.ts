import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer.ts';
import { parseArticle } from '../../src/corpus/parse-article.ts';
import { createLibrary } from '../../src/library.ts';
import { AnswerType, questionTypes, sentenceTypes } from '../../src/search/language/answer-type.ts';
import { tokenize } from '../../src/search/language/normalize.ts';
import { at, featureNames } from '../../src/search/match/features.ts';
import { analyzeQuestion } from '../../src/search/match/query.ts';
import { passesGate } from '../../src/search/match/rank.ts';
import { testLexicon } from '../helpers/server.ts';

// The evidence the matcher reads beyond whole words (issue 12), on made-up articles: fine kinds of
// answer, acronyms, split verbs, word families, adverbs and idioms, and when it says nothing.

function articleOf(paragraphs: readonly string[]): string {
  return ['---', 'id: probe', 'title: Ein Probeartikel', 'language: de', 'source: Probe', '---', '', ...paragraphs.flatMap((p) => [p, ''])].join('\n');
}

function libraryOf(paragraphs: readonly string[]) {
  return createLibrary([parseArticle(articleOf(paragraphs), 'probe.md')], testLexicon());
}

function firstUnit(paragraphs: readonly string[], question: string): string | undefined {
  return answerQuestion(libraryOf(paragraphs), { question }).answers[0]?.citation.unit;
}

const kindsOf = (sentence: string): number => sentenceTypes(tokenize(sentence), sentence, (w) => testLexicon().word(w, true).known);
const asked = (question: string): number => questionTypes(tokenize(question).map((t) => t.term));

describe('kinds of answer', () => {
  it.each([
    ['Wie alt ist die Ministerin?', AnswerType.age],
    ['Was kostet der Eintritt?', AnswerType.money],
    ['Wie viel hat der Umbau gekostet?', AnswerType.money],
    ['Wie weit ist der Hafen entfernt?', AnswerType.length],
    ['Wie schwer ist die Glocke?', AnswerType.weight],
    ['Wie heiß wird es im Sommer?', AnswerType.temperature],
    ['Wie oft fährt die Fähre?', AnswerType.frequency],
    ['Wo steht die Fabrik?', AnswerType.place],
    ['Bis wann gilt die Sperre?', AnswerType.until],
    ['Seit wann gilt die Sperre?', AnswerType.since],
    // "was kostet" with its verb split off to the end.
    ['Was hat der Umbau gekostet?', AnswerType.money],
    ['Was wird die neue Brücke kosten?', AnswerType.money],
  ])('reads %s as asking for its kind', (question, kind) => {
    expect(asked(question) & kind).toBe(kind);
  });

  it('reads "Wie viele …?" as counting things, not measuring them, unless a unit follows (Wie viele Meilen …?)', () => {
    expect(asked('Wie viele Schiffe liegen im Hafen?') & AnswerType.count).toBe(AnswerType.count);
    expect(asked('Wie viele Schiffe liegen im Hafen?') & AnswerType.length).toBe(0);
    expect(asked('Wie viele Meilen liegt der Hafen entfernt?')).toBe(AnswerType.length);
    expect(asked('Wie viel Euro kostet es?')).toBe(AnswerType.money);
  });

  it.each([
    ['Die Ministerin ist 54 Jahre alt.', AnswerType.age],
    ['Der Eintritt kostet 2.850 Euro.', AnswerType.money],
    ['Der Hafen liegt 1,5 Millionen Kilometer entfernt.', AnswerType.length],
    ['Rund 97 Prozent stimmten zu.', AnswerType.share],
    ['Sechsmal wurde gestreikt.', AnswerType.frequency],
    ['Der Streik dauerte drei Tage.', AnswerType.duration],
    ['Am 25. März 2024 kam die Einigung.', AnswerType.time],
    ['Seit 2018 arbeiten beide zusammen.', AnswerType.since],
    ['Streiks sind bis Ende Februar 2026 ausgeschlossen.', AnswerType.until],
    ['Die Glocke wiegt drei Tonnen.', AnswerType.weight],
  ])('finds in "%s" the kind it gives', (sentence, kind) => {
    expect(kindsOf(sentence) & kind).toBe(kind);
  });

  it('does not take a year for an age or an amount', () => {
    expect(kindsOf('Im Jahr 2023 wurde gebaut.') & (AnswerType.age | AnswerType.count | AnswerType.money)).toBe(0);
  });

  it('does not take an ordinal written as a noun for a count ("an Dritte": third parties)', () => {
    expect(kindsOf('Handel und Weitergabe an Dritte bleiben verboten.') & AnswerType.count).toBe(0);
    expect(kindsOf('Es war der dritte Streik im Winter.') & AnswerType.count).toBe(AnswerType.count);
  });
});

describe('saying plainly that the article does not answer', () => {
  const paragraphs = ['Die Bürgermeisterin Okonkwo Adeyemi eröffnete am Montag die neue Brücke über den Fluss.', 'Die Brücke ist 300 Meter lang.'];

  it('gives no answer when a time or a number is asked that no passage gives (an age the article never states)', () => {
    expect(firstUnit(paragraphs, 'Wie alt ist Okonkwo Adeyemi?')).toBeUndefined();
    expect(firstUnit(paragraphs, 'Was hat die Brücke gekostet?')).toBeUndefined();
  });

  it('answers the same subject when the article gives what is asked', () => {
    expect(firstUnit(paragraphs, 'Wie lang ist die Brücke?')).toBe('p-2');
    expect(firstUnit(paragraphs, 'Wann wurde die Brücke eröffnet?')).toBe('p-1');
  });

  it('gives no answer when the passage holds little of what a German question asks', () => {
    expect(firstUnit(paragraphs, 'Wie backe ich einen Apfelkuchen mit Zimt und Streuseln?')).toBeUndefined();
  });

  it('gives no answer when most of a German question is absent from the article and the rest is found only in loose synonyms', () => {
    // Features of a first candidate: 80 % of the question's weight has no stand-in in the article; a
    // synonym covers 20 % of it (enough coverage), the question's own words 5 %.
    const features = new Float64Array(featureNames.length);
    features[at.missing] = 0.8;
    features[at.coverage] = 0.2;
    features[at.strong] = 0.05;
    expect(passesGate(features, 'de')).toBe(false);
    // Its own words covering more of it, or less of it absent, or a translated question: the model decides.
    features[at.strong] = 0.2;
    expect(passesGate(features, 'de')).toBe(true);
    features[at.strong] = 0.05;
    features[at.missing] = 0.5;
    expect(passesGate(features, 'de')).toBe(true);
    features[at.missing] = 0.8;
    expect(passesGate(features, 'en')).toBe(true);
  });
});

describe('acronyms', () => {
  it('reads an acronym as its long form given in parentheses, and back', () => {
    const paragraphs = [
      'Die Gewerkschaft Deutscher Lokomotivführer (GDL) rief zum Streik auf.',
      'Die Gewerkschaft forderte mehr Lohn für alle Beschäftigten.',
      'Die Bahn lehnte die Forderung ab.',
    ];
    const index = libraryOf(paragraphs).get('probe');
    expect(index).toBeDefined();
    const gdl = analyzeQuestion('Was forderte die GDL?', index!, testLexicon()).concepts.find((c) => c.word === 'gdl');
    expect(gdl?.alternatives.map((a) => a.term)).toContain('gewerkschaft');
    // "Deutscher" is an adjective of the long form, no name for GDL.
    expect(gdl?.alternatives.map((a) => a.term)).not.toContain('deutsch');
  });

  it('reads an acronym as the compound whose parts it abbreviates (EM, Europameisterschaft)', () => {
    const paragraphs = ['Die Europameisterschaft begann im Juni.', 'Die Stadien waren voll.'];
    expect(firstUnit(paragraphs, 'Wann begann die EM?')).toBe('p-1');
  });
});

describe('words written apart or in other forms', () => {
  it('joins a separable verb split in the article (schlugen … vor) for the noun of the same stem (Vorschlag)', () => {
    const paragraphs = ['Die Vermittler schlugen vor, die Arbeitszeit zu senken.', 'Die Gewerkschaft machte einen Fehler.'];
    expect(firstUnit(paragraphs, 'Welchen Vorschlag machten die Vermittler?')).toBe('p-1');
  });

  it('finds a word of the same family (Europameister, Europameisterschaft) and a noun inside a compound (Legalisierung, Teillegalisierung)', () => {
    expect(firstUnit(['Die Spieler jubelten.', 'Spanien gewann die Europameisterschaft.'], 'Wer ist Europameister?')).toBe('p-2');
    expect(firstUnit(['Die Polizei warnt.', 'Die Teillegalisierung gilt seit April.'], 'Seit wann gilt die Legalisierung?')).toBe('p-2');
  });

  it('does not take a Vizepräsident for a Präsident', () => {
    const index = libraryOf(['Der Vizepräsident sprach zuerst.']).get('probe');
    const concept = analyzeQuestion('Was sagte der Präsident?', index!, testLexicon()).concepts.find((c) => c.word === 'prasident');
    expect(concept?.alternatives.map((a) => a.term) ?? []).not.toContain('vizeprasident');
  });

  it('lets adverbs of degree weigh little and leaves out the noun of an idiom (am Ende)', () => {
    const index = libraryOf(['Am Ende des Tages einigten sich beide Seiten.', 'Insgesamt gab es drei Runden.']).get('probe');
    const concepts = analyzeQuestion('Wann haben sich beide Seiten am Ende insgesamt geeinigt?', index!, testLexicon()).concepts;
    expect(concepts.map((c) => c.word)).not.toContain('ende');
    const insgesamt = concepts.find((c) => c.word === 'insgesamt');
    const einig = concepts.find((c) => c.word === 'geeinigt');
    expect(insgesamt && einig && insgesamt.weight < einig.weight).toBe(true);
  });
});
