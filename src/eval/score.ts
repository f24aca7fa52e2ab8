import { z } from 'zod';

/** One reader question with the passages that make an answer right (none: no answer is right). */
export interface EvalQuestion {
  readonly q: string;
  readonly expect: readonly string[];
  readonly kind: string;
}

/** What the service answered, reduced to what scoring needs (best first). */
export interface EvalReply {
  readonly answers: readonly { text: string; quote: string; heading: string; unit: string }[];
}

const questionSchema = z.object({ q: z.string(), expect: z.array(z.string()), kind: z.string() });

/** Parses a JSON-lines question file; errors name the line. */
export function parseQuestions(text: string, file: string): EvalQuestion[] {
  return text.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${file} line ${i + 1}: not JSON`);
    }
    const parsed = questionSchema.safeParse(value);
    if (!parsed.success) throw new Error(`${file} line ${i + 1}: expected {"q": string, "expect": string[], "kind": string}`);
    return [parsed.data];
  });
}

const fold = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ');

/** Whether an answer contains one of the expected passages (case-insensitive, white space folded). */
export function isRight(answer: EvalReply['answers'][number], expect: readonly string[]): boolean {
  const haystacks = [answer.text, answer.quote, answer.heading].map(fold);
  return expect.some((e) => haystacks.some((h) => h.includes(fold(e))));
}

/** The kinds whose questions the article answers in German. */
export const germanKinds = ['paraphrase', 'keyword', 'typo', 'ascii', 'faq'] as const;
export const crossLingualKinds = ['english', 'spanish'] as const;

/** Per-kind and overall figures, as ../shared/eval/README.md counts them. */
export interface KindFigures {
  kind: string;
  questions: number;
  top1: number;
  top3: number;
  abstained: number;
  falseAbstentions: number;
}

/** One question the service got wrong, and what it said instead. */
export interface Miss {
  readonly question: EvalQuestion;
  readonly got: string;
}

/** The outcome of an eval run. */
export interface EvalReport {
  readonly kinds: KindFigures[];
  readonly german: KindFigures;
  readonly crossLingual: KindFigures;
  readonly offtopic: KindFigures;
  readonly misses: Miss[];
}

function emptyFigures(kind: string): KindFigures {
  return { kind, questions: 0, top1: 0, top3: 0, abstained: 0, falseAbstentions: 0 };
}

/** Scores replies (in the order of the questions) and lists the misses. */
export function scoreReplies(questions: readonly EvalQuestion[], replies: readonly EvalReply[]): EvalReport {
  const byKind = new Map<string, KindFigures>();
  const german = emptyFigures('German');
  const crossLingual = emptyFigures('cross-lingual');
  const offtopic = emptyFigures('offtopic');
  const misses: Miss[] = [];
  questions.forEach((question, i) => {
    const reply = replies[i] ?? { answers: [] };
    const figures = byKind.get(question.kind) ?? emptyFigures(question.kind);
    byKind.set(question.kind, figures);
    const groups = [figures];
    if ((germanKinds as readonly string[]).includes(question.kind)) groups.push(german);
    if ((crossLingualKinds as readonly string[]).includes(question.kind)) groups.push(crossLingual);
    if (question.expect.length === 0) groups.push(offtopic);
    const abstained = reply.answers.length === 0;
    const first = reply.answers[0];
    const top1 = first !== undefined && isRight(first, question.expect);
    const top3 = reply.answers.slice(0, 3).some((a) => isRight(a, question.expect));
    for (const g of new Set(groups)) {
      g.questions += 1;
      if (question.expect.length === 0) g.abstained += abstained ? 1 : 0;
      else {
        g.top1 += top1 ? 1 : 0;
        g.top3 += top3 ? 1 : 0;
        g.falseAbstentions += abstained ? 1 : 0;
      }
    }
    const right = question.expect.length === 0 ? abstained : top1;
    if (!right) {
      const first = reply.answers[0];
      misses.push({ question, got: first ? `${first.unit}: ${first.quote}` : '(no answer)' });
    }
  });
  return { kinds: [...byKind.values()], german, crossLingual, offtopic, misses };
}
