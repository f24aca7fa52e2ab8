import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer.ts';
import { loadArticles } from '../../src/corpus/load-articles.ts';
import { parseArticle } from '../../src/corpus/parse-article.ts';
import { createLibrary } from '../../src/library.ts';
import { analyzeText } from '../../src/search/article/analyze.ts';
import { type ArticleIndex, indexArticle } from '../../src/search/article/article-index.ts';
import { collectRoles } from '../../src/search/article/coreference.ts';
import { AnswerType, questionTypes } from '../../src/search/language/answer-type.ts';
import type { Lexicon } from '../../src/search/language/lexicon.ts';
import { parsePlaces } from '../../src/search/language/places.ts';
import { stemVariants } from '../../src/search/language/stem.ts';
import { at } from '../../src/search/match/features.ts';
import { analyzeQuestion } from '../../src/search/match/query.ts';
import { rank, rankCandidates, rankDefaults } from '../../src/search/match/rank.ts';
import { faqDir, testLexicon } from '../helpers/server.ts';

// What the matcher understands beyond the words themselves, on made-up articles (not the seed):
// who a name is, which country a capital stands for, what kind of answer a question wants.

function articleOf(paragraphs: readonly string[]): string {
  return ['---', 'id: probe', 'title: Ein Probeartikel', 'language: de', 'source: Probe', '---', '', ...paragraphs.flatMap((p) => [p, ''])].join('\n');
}

/** The index of a made-up article of these paragraphs. */
function probeIndex(paragraphs: readonly string[], lexicon: Lexicon): ArticleIndex {
  const index = createLibrary([parseArticle(articleOf(paragraphs), 'probe.md')], lexicon).get('probe');
  if (!index) throw new Error('probe not indexed');
  return index;
}

function firstUnit(paragraphs: readonly string[], question: string): string | undefined {
  const library = createLibrary([parseArticle(articleOf(paragraphs), 'probe.md')], testLexicon());
  return answerQuestion(library, { question }).answers[0]?.citation.unit;
}

describe('coreference: a name introduced with its role', () => {
  const lexicon = testLexicon();
  const roles = (text: string): Map<string, string[]> => {
    const tokens = analyzeText(text, lexicon);
    const aliases = new Map<string, string[]>();
    const isName = (t: (typeof tokens)[number]): boolean =>
      t.capitalized && t.start > 0 && !lexicon.word(t.term, true).stems.some((s) => lexicon.isKnownStem(s)) && lexicon.word(t.term, true).parts === undefined;
    collectRoles(tokens, text, isName, (t) => lexicon.word(t.term, true).stems, aliases);
    return aliases;
  };

  it.each([
    ['Gestern sprach Bürgermeisterin Okonkwo Adeyemi im Rat.', 'burgermeist'],
    ['Gestern sprach Okonkwo Adeyemi, die Bürgermeisterin, im Rat.', 'burgermeist'],
    ['Gestern sprach ihre Kollegin, Okonkwo Adeyemi, im Rat.', 'kollegin'],
  ])('reads %j as naming the role %s', (text, role) => {
    expect(roles(text).get(role)).toEqual(expect.arrayContaining(['okonkwo', 'adeyemi']));
  });

  it('reads feminine nouns in -in and -innen as their masculine (Kollegin, Bürgermeisterinnen)', () => {
    expect(testLexicon().word('kollegin', true).stems).toContain('kolleg');
    expect(testLexicon().word('burgermeisterinnen', true).stems).toContain('burgermeist');
    expect(testLexicon().word('berlin', true).stems).toEqual(['berlin']);
  });

  it('takes no role from a clause ending before the name ("nach der Pause, Okonkwo Adeyemi traf …")', () => {
    expect(roles('Kurz nach der Pause, Okonkwo Adeyemi traf zum Ausgleich.').size).toBe(0);
    expect(roles('Gestern sprach ihre Kollegin, Okonkwo Adeyemi.').get('kollegin')).toEqual(expect.arrayContaining(['okonkwo', 'adeyemi']));
  });

  it('takes no role from a relative clause after the name ("Adeyemi, die im Rat …")', () => {
    expect(roles('Gestern sprach Okonkwo Adeyemi, die im Rat sitzt, lange.').size).toBe(0);
  });

  it('answers a question by the role from the paragraph that names the person alone', () => {
    const paragraphs = [
      'Die neue Bürgermeisterin Okonkwo Adeyemi wurde am Sonntag gewählt, sagte Ministerpräsident Pieter Voskuijlen.',
      'Adeyemi kündigte an, die Buslinien bis zum Sommer auszubauen.',
      'Im Rat sitzen künftig drei Parteien; die Wahlbeteiligung lag bei knapp der Hälfte.',
    ];
    expect(firstUnit(paragraphs, 'Was will die Bürgermeisterin mit den Buslinien?')).toBe('p-2');
  });

  it('indexes the roles of an article', () => {
    const index = indexArticle(parseArticle(articleOf(['Das sagte Ministerpräsident Pieter Voskuijlen am Montag.']), 'probe.md'), testLexicon());
    expect(index.namesFor('ministerprasident')).toEqual(['piet', 'voskuijl']);
    expect(index.namesFor('montag')).toBeUndefined();
  });
});

describe('places: capitals and countries', () => {
  const places = parsePlaces('vereinigt staat|usa\twashington\nfrankreich\tparis\n');
  const related = (stem: string): string[] => {
    const terms: string[] = [];
    places.forEachRelated(stem, (term) => terms.push(term));
    return terms;
  };

  it('lets a capital stand for its country, and a country for its capital', () => {
    expect(related('washington')).toEqual(['vereinigt', 'staat', 'usa']);
    expect(related('frankreich')).toEqual(['paris']);
    expect(related('paris')).toEqual(['frankreich']);
  });

  it('lets the word "Land" find the one-word country names', () => {
    expect(related('land')).toEqual(['usa', 'frankreich']);
  });

  it('answers a question naming a capital from the paragraph naming its country', () => {
    const paragraphs = [
      'Frankreich will seine Zölle auf Stahl im nächsten Jahr senken, teilte das Ministerium mit.',
      'Der Handel mit Stahl ist in ganz Europa zurückgegangen.',
    ];
    expect(firstUnit(paragraphs, 'Was plant Paris bei den Zöllen?')).toBe('p-1');
  });

  it('lets a people or its adjective stand for its country (die Dänen, dänisch: Dänemark), not back', () => {
    const withPeople = parsePlaces('danemark\tkopenhag\tdanisch|dan\n');
    const relatedTo = (stem: string): string[] => {
      const terms: string[] = [];
      withPeople.forEachRelated(stem, (term) => terms.push(term));
      return terms;
    };
    expect(relatedTo('dan')).toEqual(['danemark']);
    expect(relatedTo('danisch')).toEqual(['danemark']);
    // "Deutschland" in a question is not every "Deutsche Bahn" of the article.
    expect(relatedTo('danemark')).toEqual(['kopenhag']);
  });

  it('answers a question naming a people from the paragraph naming its country (generated table)', () => {
    const paragraphs = [
      'Das Spiel gegen Spanien wurde wegen eines Stromausfalls unterbrochen.',
      'Das Spiel gegen Dänemark wurde wegen eines Gewitters unterbrochen.',
    ];
    expect(firstUnit(paragraphs, 'Warum wurde das Spiel gegen die Dänen unterbrochen?')).toBe('p-2');
  });
});

describe('permission: "dürfen", a stop word, asks what is allowed or forbidden', () => {
  const paragraphs = ['Im Stadtpark grillen viele Familien am Wochenende.', 'Im Stadtpark ist das Grillen verboten, am Flussufer ist es erlaubt.'];
  it('answers "Wo darf man nicht grillen?" and "Darf man … grillen?" from the passage saying so', () => {
    expect(firstUnit(paragraphs, 'Wo darf man nicht grillen?')).toBe('p-2');
    expect(firstUnit(paragraphs, 'Darf man im Stadtpark grillen?')).toBe('p-2');
    // Without "dürfen" the question asks nothing of the kind: both passages hold its words.
    expect(analyzeQuestion('Wo grillen Familien?', probeIndex(paragraphs, testLexicon()), testLexicon()).concepts.map((c) => c.word)).not.toContain('erlaubt');
  });
});

describe('what an FAQ question asks without saying it', () => {
  it('takes "Welche Menge Holz ist erlaubt?" as restating the FAQ "Wie viel Holz darf man sammeln?"', () => {
    const lexicon = testLexicon();
    const index = probeIndex(
      [
        'Im Vereinswald ist das Sammeln von Holz nur den 120 Mitgliedern erlaubt.',
        '## Häufig gestellte Fragen',
        '### Wie viel Holz darf man im Vereinswald sammeln?',
        'Jedes Mitglied sammelt bis zu zwei Körbe im Monat.',
      ],
      lexicon,
    );
    const faq = index.units.findIndex((u) => u.unit.kind === 'faq');
    expect(index.units[faq]?.questionTerms.filter((t) => t.implied).map((t) => index.termAt(t.id))).toContain('erlaubt');
    const restated = (question: string): number =>
      rankCandidates(analyzeQuestion(question, index, lexicon), index, 5).find((c) => c.unit === faq)?.features[at.restated] ?? 0;
    // "Holz" alone restates part of the FAQ's question; with "erlaubt" the reader asks it whole.
    expect(restated('Welche Menge Holz gibt es?')).toBeLessThan(0.7);
    expect(restated('Welche Menge Holz ist erlaubt?')).toBeGreaterThan(0.9);
  });
});

describe('distance: "Wie weit …?" and "Wie nah …?" ask how far, not how big', () => {
  it('answers from the passage saying how far away, not from one giving a size', () => {
    const paragraphs = ['Der Leuchtturm ist mit seiner Laterne 40 Meter hoch.', 'Der Leuchtturm steht rund 12 Kilometer entfernt auf einer Insel.'];
    expect(firstUnit(paragraphs, 'Wie weit ist der Leuchtturm von uns weg?')).toBe('p-2');
    expect(questionTypes(['wie', 'nah', 'darf', 'man', 'heran'])).toBe(AnswerType.length);
    // "Wie weit kam …?" asks how far one got (a round), no distance.
    expect(questionTypes(['wie', 'weit', 'kam', 'die', 'mannschaft'])).toBe(0);
  });
});

describe('temperature: "Wie kalt …?" and "Wie heiß …?" ask which end of the scale', () => {
  it('answers from the passage saying it cools, not from the one saying it heats, nor from one without degrees', () => {
    const paragraphs = [
      'Das Teleskop ist das größte, das je ins All gebracht wurde.',
      'Die Sonnenseite des Teleskops erwärmt sich auf mehr als 100 Grad Celsius.',
      'Im Schatten kühlen Spiegel und Instrumente des Teleskops auf minus 230 Grad Celsius ab.',
    ];
    expect(firstUnit(paragraphs, 'Wie kalt wird das Teleskop?')).toBe('p-3');
    // An adjective the article never says ("heiß") costs the question nothing.
    expect(firstUnit(paragraphs, 'Wie heiß wird das Teleskop?')).toBe('p-2');
  });
});

describe('the quoted sentence', () => {
  it('is the one giving the kind of answer asked and holding most of the question, not the shortest', () => {
    const paragraphs = [
      'Im Januar machte die Gewerkschaft ihre Drohung wahr. Vom 10. bis zum 12. Januar ruhte der Verkehr drei Tage lang. Später rief sie erneut zum Streik auf.',
      'Im März einigten sich beide Seiten.',
    ];
    const library = createLibrary([parseArticle(articleOf(paragraphs), 'probe.md')], testLexicon());
    const first = answerQuestion(library, { question: 'Wie lange dauerte der Streik im Januar?' }).answers[0];
    expect(first?.citation.unit).toBe('p-1');
    expect(first?.citation.quote).toBe('Vom 10. bis zum 12. Januar ruhte der Verkehr drei Tage lang.');
  });
});

describe('answer types', () => {
  it('reads "Wie heißt …" as asking for a name', () => {
    expect(questionTypes(['wie', 'heisst', 'der', 'minister']) & AnswerType.person).toBe(AnswerType.person);
  });

  it('reads "Warum", "Weshalb", "Wozu" and "why" as asking for a reason', () => {
    for (const words of [
      ['warum', 'ist', 'das'],
      ['weshalb', 'kam', 'er'],
      ['wozu', 'dient', 'es'],
      ['why', 'is', 'it'],
    ]) {
      expect(questionTypes(words) & AnswerType.reason).toBe(AnswerType.reason);
    }
  });

  it('reads "wie vielen" after a preposition as asking for a count, as "wie viele" is', () => {
    for (const words of [
      ['aus', 'wie', 'vielen', 'teilen', 'besteht', 'er'],
      ['in', 'wievielen', 'stadten', 'wurde', 'gespielt'],
      ['wie', 'viele', 'teile', 'hat', 'er'],
    ]) {
      expect(questionTypes(words) & AnswerType.count).toBe(AnswerType.count);
    }
    // The longer phrase still wins: "ab wie vielen Jahren" asks for an age.
    expect(questionTypes(['ab', 'wie', 'vielen', 'jahren', 'darf', 'man'])).toBe(AnswerType.age);
  });

  it('reads "Wie hoch ist …" of a noun naming a sum of money as asking for money, not any number', () => {
    expect(questionTypes(['wie', 'hoch', 'ist', 'das', 'bussgeld'])).toBe(AnswerType.money);
    expect(questionTypes(['wie', 'hoch', 'ist', 'die', 'inflationsausgleichspramie'])).toBe(AnswerType.money);
    expect(questionTypes(['wie', 'viel', 'kostet', 'die', 'miete'])).toBe(AnswerType.money);
    // A content is no salary, and a share asked stays a share.
    expect(questionTypes(['wie', 'hoch', 'ist', 'der', 'thc', 'gehalt']) & AnswerType.share).toBe(AnswerType.share);
    expect(questionTypes(['wie', 'hoch', 'ist', 'der', 'thcgehalt']) & AnswerType.share).toBe(AnswerType.share);
    expect(questionTypes(['wie', 'viel', 'prozent', 'mehr', 'lohn'])).toBe(AnswerType.share);
  });

  it('reads the kind a "Welche …?" noun asks for through its typo as the article has it', () => {
    const index = probeIndex(['Gespielt wurde in Kourou und Dschibuti.', 'Die Fans in den zehn Städten feierten.'], testLexicon());
    // "Stätden" is no word: the phrase list misses it, the article's "Städten" (a place asked) does not.
    expect(questionTypes(['in', 'welchen', 'statden', 'wurde', 'gespielt'])).toBe(0);
    expect(analyzeQuestion('In welchen Stätden wurde gespielt?', index, testLexicon()).types & AnswerType.place).toBe(AnswerType.place);
    expect(analyzeQuestion('In welchen Städten wurde gespielt?', index, testLexicon()).types).toBe(AnswerType.place);
  });

  it('marks the words of the question phrase, which the answer need not repeat', () => {
    const asking = new Uint8Array(4);
    expect(questionTypes(['ab', 'welchem', 'jahr', 'gilt'], asking)).toBe(AnswerType.time);
    expect([...asking]).toEqual([0, 1, 1, 0]);
  });

  it('prefers the paragraph giving a reason for a "Warum" question', () => {
    const paragraphs = ['Die Brücke ist gesperrt.', 'Die Brücke ist seit Montag gesperrt, weil Risse im Beton gefunden wurden.'];
    expect(firstUnit(paragraphs, 'Warum ist die Brücke gesperrt?')).toBe('p-2');
  });

  it('does not require the answer to repeat the noun of "Ab welchem Jahr"', () => {
    const paragraphs = [
      'Seit 2019 liefert die Firma Turbinen nach Norwegen.',
      'Im Jahr der Gründung hatte die Firma drei Angestellte und lieferte keine Turbinen nach Norwegen.',
    ];
    expect(firstUnit(paragraphs, 'Ab welchem Jahr liefert die Firma Turbinen nach Norwegen?')).toBe('p-1');
  });

  it('reads "Was sagte …", "Wie bezeichnete …", "what did … say" and "qué dijo" as asking for a statement', () => {
    for (const words of [
      ['was', 'sagte', 'sie'],
      ['wie', 'bezeichnete', 'er', 'das'],
      ['what', 'did', 'she', 'say'],
      ['que', 'dijo', 'el'],
    ]) {
      expect(questionTypes(words) & AnswerType.statement).toBe(AnswerType.statement);
    }
  });

  it('prefers the paragraph quoting what was said for a "Was sagte" question', () => {
    const paragraphs = ['Die Ministerin legte den Haushalt am Montag vor.', 'Die Ministerin nannte den Haushalt im Parlament am Montag „solide und gerecht“.'];
    expect(firstUnit(paragraphs, 'Was sagte die Ministerin über den Haushalt?')).toBe('p-2');
  });

  it('indexes capitalized stop-list nouns inside a sentence (Jahr, Menschen), as questions keep them', () => {
    const index = indexArticle(parseArticle(articleOf(['Viele Menschen warten seit einem Jahr.']), 'probe.md'), testLexicon());
    expect(index.has('mensch')).toBe(true);
    expect(index.has('jahr')).toBe(true);
  });
});

describe('verbs', () => {
  const index = indexArticle(
    parseArticle(
      articleOf(['Den Plan haben die Minister bei einem Treffen in Berlin vorgestellt.', 'Der Plan wird in Berlin als Fehler angesehen.']),
      'probe.md',
    ),
    testLexicon(),
  );
  const alternativesOf = (question: string, word: string): string[] =>
    analyzeQuestion(question, index, testLexicon())
      .concepts.find((c) => c.word === word)
      ?.alternatives.map((a) => a.term) ?? [];

  it('lets a verb find the same verb with a separable prefix ("sieht … als" for "als … angesehen")', () => {
    expect(alternativesOf('Wie sieht man den Plan in Berlin?', 'sieht')).toContain('anseh');
  });

  it('does not let a verb\'s synonym find a noun of the same stem ("sieht" ~ treffen is no "Treffen")', () => {
    expect(alternativesOf('Wie sieht man den Plan in Berlin?', 'sieht')).not.toContain('treff');
  });

  it('answers from the paragraph with the prefixed verb', () => {
    expect(
      firstUnit(
        ['Den Plan haben die Minister bei einem Treffen in Berlin vorgestellt.', 'Der Plan wird in Berlin als Fehler angesehen.'],
        'Wie sieht man den Plan in Berlin?',
      ),
    ).toBe('p-2');
  });

  it('lets a verb\'s synonym find a separable verb split in the article ("gestartet" ~ "hob … ab")', () => {
    const split = indexArticle(parseArticle(articleOf(['Am Morgen hob in Kourou eine Rakete ab.']), 'probe.md'), testLexicon());
    // The joined whole (abheben) is a verb where it stands, as its token is: not a noun only.
    expect(split.posting('abheb')?.noun).toBe(false);
    const concept = analyzeQuestion('Wann ist die Rakete gestartet?', split, testLexicon()).concepts.find((c) => c.word === 'gestartet');
    expect(concept?.alternatives.map((a) => a.term)).toContain('abheb');
  });

  it('answers "Wann … zum ersten Mal … niedergelegt?" from "legte … die Arbeit nieder": nieder- is separable, "zum ersten Mal" no topic', () => {
    expect(stemVariants('niedergelegt')).toContain('niederleg');
    const paragraphs = ['Im November legte die Gewerkschaft zum ersten Mal die Arbeit nieder.', 'Im März einigten sich beide Seiten.'];
    const lexicon = testLexicon();
    const index = probeIndex(paragraphs, lexicon);
    const analyzed = analyzeQuestion('Wann hat die Gewerkschaft zum ersten Mal die Arbeit niedergelegt?', index, lexicon);
    expect(analyzed.concepts.map((c) => c.word)).not.toContain('mal');
    expect(analyzed.concepts.find((c) => c.word === 'niedergelegt')?.alternatives.map((a) => a.term)).toContain('niederleg');
    expect(firstUnit(paragraphs, 'Wann hat die Gewerkschaft zum ersten Mal die Arbeit niedergelegt?')).toBe('p-1');
  });

  it('reads a strong participle with an inseparable prefix as its verb (unterbrochen → unterbrechen, as gebrochen is brechen)', () => {
    const lexicon = testLexicon();
    expect(lexicon.infinitiveOf('unterbrochen')).toBe('unterbrechen');
    expect(lexicon.infinitiveOf('versprochen')).toBe('versprechen');
    expect(lexicon.infinitiveOf('gebrochen')).toBe('brechen');
    // "Pause" shares a synonym set with Unterbrechung, whose stem "unterbrochen" now has too.
    expect(
      firstUnit(
        ['Nach der Pause traf Olmo zum 1:0.', 'Die Partie gegen Dänemark musste wegen eines Gewitters unterbrochen werden.'],
        'Warum musste das Spiel gegen Dänemark eine Pause machen?',
      ),
    ).toBe('p-2');
  });

  it('reads the participle of a separable verb as the verb (aus-ge-löst → auslösen)', () => {
    expect(stemVariants('ausgelost')).toContain(stemVariants('auslosen')[0]);
  });
});

describe('answers after the first', () => {
  it(`need ${rankDefaults.secondaryMinConfidence} once the first clears ${rankDefaults.minConfidence}`, () => {
    const seed = createLibrary(loadArticles(faqDir), testLexicon());
    const questions = [
      'Will China Soldaten in unmittelbarer Nähe der USA stationieren?',
      'Wie reagiert das Ausland auf das Bündnis?',
      'Gibt es chinesische Truppen in Kuba?',
    ];
    const answers = questions.map((question) => answerQuestion(seed, { question, limit: 5 }).answers);
    for (const list of answers) {
      if (list.length === 0) continue;
      expect(list[0]!.score).toBeGreaterThanOrEqual(rankDefaults.minConfidence);
      for (const later of list.slice(1)) expect(later.score).toBeGreaterThanOrEqual(rankDefaults.secondaryMinConfidence);
    }
    // The lower bar is in use: some later answer sits between the two.
    expect(answers.flat().some((a) => a.rank > 1 && a.score < rankDefaults.minConfidence)).toBe(true);
  });
});

describe('a sentence pointing back at the one before', () => {
  const lexicon = testLexicon();
  // The quoted sentence's coverage of "Wie viele Fenster hat der Lesesaal?": the Fenster in its own
  // words, the Lesesaal through "Er" when it opens with a word pointing back.
  const quoted = (second: string): { quote: string; coverage: number } => {
    const paragraphs = [
      'Die Fähre wurde im Frühjahr in Dienst gestellt und verkehrt seither täglich.',
      `Herzstück des Museums ist der Lesesaal mit seinen alten Regalen. ${second}`,
    ];
    const index = probeIndex(paragraphs, lexicon);
    const [first] = rankCandidates(analyzeQuestion('Wie viele Fenster hat der Lesesaal?', index, lexicon), index, 3);
    const sentence = index.sentences[first?.sentence ?? -1];
    const text = index.units[first?.unit ?? -1]?.unit.text ?? '';
    return { quote: text.slice(sentence?.start, sentence?.end), coverage: first?.features[at.sentence] ?? 0 };
  };

  it('counts what the sentence before holds with a sentence opening "Er …", "Dort …"', () => {
    const { quote, coverage } = quoted('Er hat zwölf hohe Fenster aus buntem Glas.');
    expect(quote).toBe('Er hat zwölf hohe Fenster aus buntem Glas.');
    // The Fenster fully, the Lesesaal at the factor (0.6): more than the Fenster alone (0.5).
    expect(coverage).toBeGreaterThan(0.7);
  });

  it('and only then', () => {
    const { quote, coverage } = quoted('Ein Anbau hat zwölf hohe Fenster aus buntem Glas.');
    expect(quote).toBe('Ein Anbau hat zwölf hohe Fenster aus buntem Glas.');
    expect(coverage).toBeLessThan(0.6);
  });

  it("marks at indexing the sentences opening so, never a paragraph's first", () => {
    const flags = (paragraph: string): boolean[] => probeIndex([paragraph], lexicon).sentences.map((x) => x.refersBack);
    expect(flags('Herzstück ist das Trockendock. Es misst 320 Meter. Dort liegen zwei Schiffe. Ein Kran steht daneben.')).toEqual([false, true, true, false]);
    expect(flags('Er kam spät. Sie auch.')).toEqual([false, true]);
  });

  it('is quoted with the sentence it points back at, which says what "Er" is', () => {
    const paragraphs = [
      'Die Fähre wurde im Frühjahr in Dienst gestellt und verkehrt seither täglich.',
      'Herzstück des Museums ist der Lesesaal mit seinen alten Regalen. Er hat zwölf hohe Fenster aus buntem Glas.',
    ];
    const library = createLibrary([parseArticle(articleOf(paragraphs), 'probe.md')], lexicon);
    const [answer] = answerQuestion(library, { question: 'Wie viele Fenster hat der Lesesaal?' }).answers;
    expect(answer?.citation.unit).toBe('p-2');
    expect(answer?.citation.quote).toBe('Herzstück des Museums ist der Lesesaal mit seinen alten Regalen. Er hat zwölf hohe Fenster aus buntem Glas.');
  });
});

describe('an adjective reaches the compounds of the noun made of it', () => {
  const lexicon = testLexicon();
  const alternativesOf = (paragraph: string, question: string, word: string): string[] => {
    const index = probeIndex([paragraph], lexicon);
    return (
      analyzeQuestion(question, index, lexicon)
        .concepts.find((c) => c.word === word)
        ?.alternatives.map((a) => a.term) ?? []
    );
  };

  it('legal → Teillegalisierung (through Legalisierung), privat → Teilprivatisierung', () => {
    expect(alternativesOf('Die Teillegalisierung gilt seit April.', 'Seit wann ist es legal?', 'legal')).toContain('teillegalisier');
    expect(alternativesOf('Die Teilprivatisierung der Werft beginnt 2027.', 'Wann wird die Werft privat?', 'privat')).toContain('teilprivatisier');
  });

  it('but not to a compound whose head is another word (diplomatisch is not Militärdiplomatie)', () => {
    expect(alternativesOf('Die Militärdiplomatie blüht.', 'Ist das diplomatisch?', 'diplomatisch')).not.toContain('militardiplomati');
  });
});

describe('a time within a month', () => {
  it('reads "Ende Januar" as a time, not as the noun "Ende" (whose synonyms are Abschluss, Scheitern)', () => {
    const lexicon = testLexicon();
    const index = probeIndex(['Im Januar scheiterte der Antrag vor Gericht.', 'Am 29. Januar endete der Streik vorzeitig.'], lexicon);
    const words = analyzeQuestion('Warum war der Streik Ende Januar vorbei?', index, lexicon).concepts.map((c) => c.word);
    expect(words).toContain('januar');
    expect(words).not.toContain('ende');
    // The noun itself stays a word of the question.
    expect(analyzeQuestion('Wann war das Ende des Streiks?', index, lexicon).concepts.map((c) => c.word)).toContain('ende');
  });
});

describe('adverbs of degree', () => {
  it('weigh as little typed wrong ("insgesammt") as typed right ("insgesamt")', () => {
    const lexicon = testLexicon();
    const index = probeIndex(['Die Gewerkschaft streikte insgesamt sechsmal.', 'Die Löhne steigen um insgesamt 420 Euro.'], lexicon);
    const weightOf = (question: string, word: string): number =>
      analyzeQuestion(question, index, lexicon).concepts.find((c) => c.word === word)?.weight ?? Number.NaN;
    const right = weightOf('Wie oft hat die Gewerkschaft insgesamt gestreikt?', 'insgesamt');
    const typo = weightOf('Wie oft hat die Gewerkschaft insgesammt gestreikt?', 'insgesammt');
    expect(typo).toBeGreaterThan(0);
    expect(typo).toBeLessThanOrEqual(right * 1.01);
  });

  it('take "fast" (almost) as a degree: "Webb fast gestrichen" asks about the cut', () => {
    const paragraphs = ['Webb hat einen fast sieben Meter breiten Spiegel.', 'Webb kostete viel. 2011 wollte ein Ausschuss das Projekt streichen.'];
    expect(firstUnit(paragraphs, 'Webb fast gestrichen')).toBe('p-2');
  });

  it('take "die meisten" as a degree, not as the topic the article rarely names', () => {
    const lexicon = testLexicon();
    const index = probeIndex(['Es fielen viele Tore.', 'Drei Tore fielen nach der Pause.', 'Die meisten Zuschauer jubelten.'], lexicon);
    const concepts = analyzeQuestion('Wer hat die meisten Tore geschossen?', index, lexicon).concepts;
    const meisten = concepts.find((c) => c.word === 'meisten');
    const tore = concepts.find((c) => c.word === 'tore');
    expect(meisten && tore && meisten.weight < tore.weight).toBe(true);
  });
});

describe('a compound typed wrong in its first part', () => {
  const lexicon = testLexicon();
  const paragraphs = ['Die Stadt zahlt eine Energiekostenpauschale von 300 Euro.', 'Die Busse fahren ab Montag seltener.'];
  const partsOf = (question: string, word: string): string[][] => {
    const index = probeIndex(paragraphs, lexicon);
    const concept = analyzeQuestion(question, index, lexicon).concepts.find((c) => c.word === word);
    return concept?.parts.map((p) => p.alternatives.map((a) => a.term)) ?? [];
  };

  it('finds the article compound through a known last part and a typo of the first (Enegriepauschale)', () => {
    const parts = partsOf('Wie hoch ist die Enegriepauschale?', 'enegriepauschale');
    expect(parts).toHaveLength(2);
    expect(parts[0]?.some((term) => term.startsWith('energie'))).toBe(true);
    expect(firstUnit(paragraphs, 'Wie hoch ist die Enegriepauschale?')).toBe('p-1');
  });

  it('but not when the first part is another known word (Kinderpauschale)', () => {
    expect(partsOf('Wie hoch ist die Kinderpauschale?', 'kinderpauschale')[0]?.some((term) => term.startsWith('energie')) ?? false).toBe(false);
  });
});

describe('thesaurus sets of many members', () => {
  it('give synonyms that count less than a small set does (Intervention: Eingriff, rather than Veto)', () => {
    const lexicon = testLexicon();
    const index = probeIndex(['Der Eingriff der Regierung wurde kritisiert.', 'Das Veto kam am Montag.'], lexicon);
    const concept = analyzeQuestion('Wer kritisierte die Intervention?', index, lexicon).concepts.find((c) => c.word === 'intervention');
    const weightOf = (term: string): number => concept?.alternatives.find((a) => a.term === term)?.weight ?? 0;
    expect(weightOf('eingriff')).toBeGreaterThan(0);
    expect(weightOf('veto')).toBeGreaterThan(0);
    expect(weightOf('veto')).toBeLessThan(weightOf('eingriff'));
  });
});

describe('a stop word stands for no synonym', () => {
  // "Einigung" (einig) shares a thesaurus set with "gut" (einig|gut); "Güter" stems to "gut" too.
  const paragraphs = ['Viele Güter blieben wegen des Streiks liegen.', 'Im März kam die Einigung der Tarifparteien.'];
  it('does not read the article\'s "Güter" (gut, a stop word\'s stem) as standing for "Einigung"', () => {
    const lexicon = testLexicon();
    const einigung = analyzeQuestion('Wann kam es zur Einigung?', probeIndex(paragraphs, lexicon), lexicon).concepts.find((c) => c.word === 'einigung');
    const standIns = (einigung?.alternatives ?? []).map((a) => a.term);
    expect(standIns).toContain('einig');
    expect(standIns).not.toContain('gut');
  });
});

describe("word families: a noun in -nis is of its verb's family", () => {
  it('reads the article\'s "Besorgnis" for a reader\'s "besorgt" (Ergebnis, Erlaubnis, Kenntnis alike)', () => {
    const lexicon = testLexicon();
    const index = probeIndex(['Die Nachbarn äußerten große Besorgnis über den Lärm.', 'Die Stadt plant eine neue Straße.'], lexicon);
    const besorgt = analyzeQuestion('Warum sind die Nachbarn besorgt?', index, lexicon).concepts.find((c) => c.word === 'besorgt');
    expect((besorgt?.alternatives ?? []).map((a) => a.term)).toContain('besorgnis');
  });
});

describe('a "Welche …?" noun typed wrong that names the kind asked', () => {
  const paragraphs = ['Die Fanzonen in den zehn Städten zählten viele Besucher.', 'Gespielt wurde in Berlin, München und Köln.'];
  it('is the question phrase, as the noun spelt right is: "In welchen Stätden wurde gespielt?" asks for places', () => {
    expect(firstUnit(paragraphs, 'In welchen Städten wurde gespielt?')).toBe('p-2');
    expect(firstUnit(paragraphs, 'In welchen Stätden wurde gespielt?')).toBe('p-2');
    const lexicon = testLexicon();
    const analyzed = analyzeQuestion('In welchen Stätden wurde gespielt?', probeIndex(paragraphs, lexicon), lexicon);
    expect(analyzed.types & AnswerType.place).not.toBe(0);
    expect(analyzed.concepts.map((c) => c.word)).not.toContain('statden');
  });
});

describe('a Spanish preterite by its written accent', () => {
  it('reads "duró" as durar (dauern), not duro (hart), which its folded form is', () => {
    const lexicon = testLexicon();
    const index = probeIndex(['Der Winter war hart und lang.', 'Der Streik dauerte drei Tage.'], lexicon);
    const analyzed = analyzeQuestion('¿Cuánto tiempo duró la huelga?', index, lexicon);
    const words = analyzed.concepts.map((c) => c.word);
    expect(words).toContain('durar');
    expect(words).not.toContain('duro');
    // The first stage's best unit is the strike's duration, not the hard winter.
    expect(index.units[rankCandidates(analyzed, index, 2)[0]?.unit ?? -1]?.unit.id).toBe('p-2');
  });
});

/** A made-up article of these paragraphs, and whether a question names something it never mentions. */
function namesProbe(paragraphs: readonly string[]): { lexicon: Lexicon; index: ArticleIndex; absent: (question: string) => boolean | undefined } {
  const lexicon = testLexicon();
  const index = probeIndex(paragraphs, lexicon);
  return { lexicon, index, absent: (question) => analyzeQuestion(question, index, lexicon).namesAbsent };
}

describe('a place the article never mentions', () => {
  const paragraphs = ['Präsident Xi Jinping empfing in Peking den kubanischen Minister.', 'Kuba und China wollen ihre Zusammenarbeit vertiefen.'];
  it('is not answered: "Wie heißt der Präsident von Frankreich?" of an article about Cuba and China', () => {
    const { lexicon, index, absent } = namesProbe(paragraphs);
    const france = analyzeQuestion('Wie heißt der Präsident von Frankreich?', index, lexicon);
    expect(france.namesAbsent).toBe(true);
    expect(rank(france, index, 3)).toEqual([]);
    // Its people too; but a place the article names, or names through its capital or people, is there.
    expect(absent('Was sagen die Franzosen dazu?')).toBe(true);
    expect(absent('Wie heißt der Präsident von China?')).toBe(false);
    expect(absent('Was sagt Havanna dazu?')).toBe(false);
    expect(rankCandidates(analyzeQuestion('Wie heißt der Präsident von China?', index, lexicon), index, 2)).not.toEqual([]);
  });
  it('is not answered in English or Spanish either ("Who won the final in Berlin?"), unless the word means more than the place', () => {
    const { lexicon, index, absent } = namesProbe(paragraphs);
    const berlin = analyzeQuestion('Who won the final in Berlin?', index, lexicon);
    expect(berlin.namesAbsent).toBe(true);
    expect(rank(berlin, index, 3)).toEqual([]);
    expect(absent('What does Germany say about it?')).toBe(true);
    expect(absent('¿Qué dice Alemania?')).toBe(true);
    expect(absent('What did the president of China say in Beijing?')).toBe(false);
    // The Spanish "victoria" is a victory, no capital.
    expect(absent('¿Quién habló de una victoria de Cuba?')).toBe(false);
  });
  it('is not a word that only shares a place\'s stem: "zum ersten Mal" (Mali), "der Mann" (Malé once gave "male")', () => {
    const { lexicon, index, absent } = namesProbe(paragraphs);
    const first = analyzeQuestion('Wann hat Xi Jinping zum ersten Mal Kuba besucht?', index, lexicon);
    expect(first.namesAbsent).toBe(false);
    expect(rankCandidates(first, index, 2)).not.toEqual([]);
    expect(absent('Wer ist der Mann neben Xi Jinping?')).toBe(false);
    // Mali itself is a place the article never mentions.
    expect(absent('Was sagt Mali dazu?')).toBe(true);
    expect(parsePlaces('mali\t~mal|bamako\t').isPlace('mal')).toBe(false);
    expect(parsePlaces('mali\t~mal|bamako\t').isPlace('bamako')).toBe(true);
  });
  it('leaves the seed article silent on France (its Xi Jinping paragraph was quoted as a direct answer)', () => {
    const library = createLibrary(loadArticles(faqDir), testLexicon());
    expect(answerQuestion(library, { question: 'Wie heißt der Präsident von Frankreich?' }).answers).toEqual([]);
    expect(answerQuestion(library, { question: 'Wie heißt der Präsident von China?' }).answers.length).toBeGreaterThan(0);
  });
});

describe('a year the article never mentions', () => {
  const paragraphs = ['Spanien gewann 2024 das Finale in Berlin gegen England.', 'Deutschland schied im Viertelfinale aus.'];
  it('is not answered: "Wer hat die WM 2022 gewonnen?" of an article about the Euro 2024, in German or English', () => {
    const { lexicon, index, absent } = namesProbe(paragraphs);
    const worldCup = analyzeQuestion('Wer hat die WM 2022 gewonnen?', index, lexicon);
    expect(worldCup.namesAbsent).toBe(true);
    expect(rank(worldCup, index, 3)).toEqual([]);
    expect(absent('Who won the 2022 World Cup?')).toBe(true);
    // The year it names, and numbers that are no year, are asked as before.
    expect(absent('Wer hat 2024 das Finale gewonnen?')).toBe(false);
    expect(absent('Gab es 3 Tore im Finale?')).toBe(false);
  });
});

describe('an acronym standing alone that the article never mentions', () => {
  const paragraphs = ['Die Gewerkschaft GDL streikte im Winter sechsmal.', 'Fahrkarten für den Fernverkehr galten an anderen Tagen weiter.'];
  it('is an organization the article does not name: "Hat die Gewerkschaft EVG im Winter gestreikt?" is not answered', () => {
    const { lexicon, index, absent } = namesProbe(paragraphs);
    const evg = analyzeQuestion('Hat die Gewerkschaft EVG im Winter gestreikt?', index, lexicon);
    expect(evg.namesAbsent).toBe(true);
    expect(rank(evg, index, 3)).toEqual([]);
    expect(absent('What does the CDU say about the strikes?')).toBe(true);
    // The acronym the article has, and one joined to a word it only qualifies ("ICE-Ticket"), are asked as before.
    expect(absent('Hat die Gewerkschaft GDL im Winter gestreikt?')).toBe(false);
    expect(absent('Gilt mein ICE-Ticket an anderen Tagen?')).toBe(false);
    // A question typed in capitals tells no acronym apart; one in parentheses is an aside.
    expect(absent('HAT DIE GDL IM WINTER GESTREIKT?')).toBe(false);
    expect(absent('Hat die GDL im Winter gestreikt? (CLI vorher)')).toBe(false);
    expect(absent('Was sagt die Gewerkschaft (nicht die Hans Meier GmbH) dazu?')).toBe(false);
  });
});

describe('two names side by side that the article never mentions', () => {
  const paragraphs = ['Das Gesetz trat im April in Kraft.', 'Gesundheitsminister Karl Lauterbach verteidigte das Gesetz.'];
  it('name someone it does not: "¿Qué dijo Pedro Sánchez sobre la ley?" is not answered, Lauterbach is', () => {
    const { lexicon, index, absent } = namesProbe(paragraphs);
    const sanchez = analyzeQuestion('¿Qué dijo Pedro Sánchez sobre la ley?', index, lexicon);
    expect(sanchez.namesAbsent).toBe(true);
    expect(rank(sanchez, index, 3)).toEqual([]);
    expect(absent('Was sagt Olaf Scholz zum Gesetz?')).toBe(true);
    expect(absent('Was sagt Karl Lauterbach zum Gesetz?')).toBe(false);
    // One unknown name alone may be a typo or a word the dictionary lacks: the other signs decide.
    expect(absent('Was sagt Scholz zum Gesetz?')).toBe(false);
  });
  it('name one it does not when joined to a word: "Xiangshan-Forum" is not answered, "Lauterbach-Gesetz" is', () => {
    const { lexicon, index, absent } = namesProbe(paragraphs);
    const forum = analyzeQuestion('Xiangshan-Forum', index, lexicon);
    expect(forum.namesAbsent).toBe(true);
    expect(rank(forum, index, 3)).toEqual([]);
    expect(absent('Was sagt das Halo-Gesetz?')).toBe(true);
    expect(absent('Was steht im Lauterbach-Gesetz?')).toBe(false);
    // A typo of the article's name is that name.
    expect(absent('Was steht im Lauterbch-Gesetz?')).toBe(false);
  });
});
