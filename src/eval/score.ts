import { z } from 'zod';
import { ScoringError, ScoringErrorCode } from './errors.ts';

/** One reader question with the passages that make an answer right (none: no answer is right). */
export interface EvalQuestion {
  readonly q: string;
  readonly expect: readonly string[];
  readonly kind: string;
}

/** What the service answered, reduced to what scoring needs (best first). */
export interface EvalReply {
  readonly answers: readonly ReplyAnswer[];
}

/** One answer as scoring sees it: where it is right is decided on its text, quote and heading. */
export interface ReplyAnswer {
  readonly text: string;
  readonly quote: string;
  readonly heading: string;
  readonly unit: string;
  /** The service's score (its estimated probability that the answer is right). */
  readonly score: number;
  /** The article it quotes (a question naming none may be answered from any). */
  readonly article?: string;
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
      throw new ScoringError(ScoringErrorCode.badQuestionFile, `${file} line ${i + 1}: not JSON`);
    }
    const parsed = questionSchema.safeParse(value);
    if (!parsed.success)
      throw new ScoringError(ScoringErrorCode.badQuestionFile, `${file} line ${i + 1}: expected {"q": string, "expect": string[], "kind": string}`);
    return [parsed.data];
  });
}

const fold = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ');

/**
 * Whether the answer's quote, the sentence the widget shows as the answer, holds one of the expected
 * passages: a right answer whose quote does not leaves the reader to find it in the paragraph.
 */
export function quoteHolds(answer: Pick<ReplyAnswer, 'quote'>, expect: readonly string[]): boolean {
  const quote = fold(answer.quote);
  return expect.some((e) => quote.includes(fold(e)));
}

/** Whether an answer contains one of the expected passages (case-insensitive, white space folded). */
export function isRight(answer: Pick<ReplyAnswer, 'text' | 'quote' | 'heading'>, expect: readonly string[]): boolean {
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
  /** Right first answers whose quote holds the expected passage ({@link quoteHolds}). */
  quoted: number;
}

/** One question the service got wrong, and what it said instead. */
export interface Miss {
  readonly question: EvalQuestion;
  readonly got: string;
  /** The article asked about, when several were. */
  readonly article?: string;
}

/** First answers whose score falls in [from, to): how many, how many were right, their mean score. */
export interface ReliabilityBand {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly right: number;
  readonly meanScore: number;
}

/** How well scores predict rightness, over the first answers given (abstentions are not answers). */
export interface Reliability {
  readonly bands: readonly ReliabilityBand[];
  /** Expected calibration error: the answer-weighted mean of |share right − mean score| over the bands. */
  readonly ece: number;
  readonly answered: number;
}

/** The outcome of an eval run. */
export interface EvalReport {
  readonly kinds: KindFigures[];
  readonly german: KindFigures;
  readonly crossLingual: KindFigures;
  readonly offtopic: KindFigures;
  readonly reliability: Reliability;
  readonly misses: Miss[];
}

/** Score bands of the reliability table (issue 12): scores below the first edge are not answers. */
export const reliabilityEdges = Object.freeze([0.2, 0.4, 0.6, 0.8, 1]);

/**
 * The reliability table over first answers, each with its score and whether it was right (an answer
 * to a question the article does not answer is wrong). Scores below the first edge get a band of
 * their own, shown only when there are any.
 */
export function reliabilityOf(first: readonly { score: number; right: boolean }[]): Reliability {
  const edges = [0, ...reliabilityEdges];
  const bands: ReliabilityBand[] = [];
  let weighted = 0;
  for (let b = 0; b + 1 < edges.length; b += 1) {
    const from = edges[b] as number;
    const to = edges[b + 1] as number;
    const last = b + 2 === edges.length;
    const inBand = first.filter((a) => a.score >= from && (a.score < to || (last && a.score <= to)));
    if (from === 0 && inBand.length === 0) continue;
    const right = inBand.filter((a) => a.right).length;
    const meanScore = inBand.length === 0 ? 0 : inBand.reduce((sum, a) => sum + a.score, 0) / inBand.length;
    bands.push({ from, to, count: inBand.length, right, meanScore });
    if (inBand.length > 0) weighted += inBand.length * Math.abs(right / inBand.length - meanScore);
  }
  return { bands, ece: first.length === 0 ? 0 : weighted / first.length, answered: first.length };
}

function emptyFigures(kind: string): KindFigures {
  return { kind, questions: 0, top1: 0, top3: 0, abstained: 0, falseAbstentions: 0, quoted: 0 };
}

/** Scores replies (in the order of the questions) and lists the misses. */
export function scoreReplies(questions: readonly EvalQuestion[], replies: readonly EvalReply[]): EvalReport {
  const byKind = new Map<string, KindFigures>();
  const german = emptyFigures('German');
  const crossLingual = emptyFigures('cross-lingual');
  const offtopic = emptyFigures('offtopic');
  const misses: Miss[] = [];
  const firsts: { score: number; right: boolean }[] = [];
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
    const quoted = top1 && first !== undefined && quoteHolds(first, question.expect);
    for (const g of new Set(groups)) {
      g.questions += 1;
      if (question.expect.length === 0) g.abstained += abstained ? 1 : 0;
      else {
        g.top1 += top1 ? 1 : 0;
        g.top3 += top3 ? 1 : 0;
        g.quoted += quoted ? 1 : 0;
        g.falseAbstentions += abstained ? 1 : 0;
      }
    }
    if (first !== undefined) firsts.push({ score: first.score, right: top1 });
    const right = question.expect.length === 0 ? abstained : top1;
    if (!right) {
      misses.push({ question, got: first ? `${first.unit}: ${first.quote}` : '(no answer)' });
    }
  });
  return { kinds: [...byKind.values()], german, crossLingual, offtopic, reliability: reliabilityOf(firsts), misses };
}

/** One article's questions and the replies to them. */
export interface ScoredSet {
  readonly id: string;
  readonly report: EvalReport;
}

/** Figures per article and pooled over all of them (misses named by article). */
export interface SetsReport {
  readonly articles: readonly ScoredSet[];
  readonly pooled: EvalReport;
}

/** Scores several articles' questions, each against its replies, and pools them. */
export function scoreSets(sets: readonly { id: string; questions: readonly EvalQuestion[]; replies: readonly EvalReply[] }[]): SetsReport {
  const articles = sets.map((set) => ({ id: set.id, report: scoreReplies(set.questions, set.replies) }));
  const pooled = scoreReplies(
    sets.flatMap((set) => set.questions),
    sets.flatMap((set) => set.replies),
  );
  const misses = articles.flatMap(({ id, report }) => report.misses.map((miss) => ({ ...miss, article: id })));
  return { articles, pooled: { ...pooled, misses } };
}
