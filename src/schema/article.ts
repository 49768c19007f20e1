/** The frontmatter schema of one bulletin: the single source of truth for Astro, scripts and tests. */
import { z } from 'astro/zod';
import { STAGES, TASKS, inCanonicalOrder } from './campaign';

/** Ways a meeting can be held: by video link, in person, or both at once. */
export const MEETING_FORMATS = ['视频', '现场', '视频+现场'] as const;

/** Non-empty text with surrounding whitespace removed. */
const text = () => z.string().trim().min(1, { error: 'expected non-empty text' });

/**
 * A calendar date in China, kept as the string `YYYY-MM-DD` so no time-zone conversion can shift it.
 * YAML turns an unquoted `2021-03-05` into a `Date` at UTC midnight; that is read back by its UTC
 * fields. A `Date` with a time of day is refused, since its China date is ambiguous.
 */
const calendarDate = z.preprocess(
  (value) => {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) return value;
    if (value.getUTCHours() + value.getUTCMinutes() + value.getUTCSeconds() + value.getUTCMilliseconds() !== 0) {
      return `${value.toISOString()} (a time of day)`;
    }
    return value.toISOString().slice(0, 10);
  },
  z.iso.date({ error: (issue) => `expected a real calendar date written YYYY-MM-DD, got ${show(issue.input)}` }),
);

/** A person as a bulletin names them: name plus position. */
export const personSchema = z.strictObject({
  /** The person's name as written, e.g. 戴军. */
  name: text(),
  /** Their position at the time, e.g. 院党组副书记. */
  title: text(),
});

/** The speaker of the reported speech or meeting. */
export const speakerSchema = z.strictObject({
  /** The speaker's name, e.g. 戴军. */
  name: text(),
  /** The speaker's position, e.g. 院党组副书记. */
  title: text(),
  /** The person on whose behalf (受…委托) the speaker spoke, if any, e.g. 李永利, 党组书记、院长. */
  onBehalfOf: personSchema.optional(),
});

/** The meeting a bulletin reports. */
export const meetingSchema = z.strictObject({
  /** The meeting's name, e.g. 全市法院队伍教育整顿动员部署会议. */
  name: text(),
  /** How it was held: 视频 (video link), 现场 (in person) or 视频+现场 (both). */
  format: z.enum(MEETING_FORMATS, {
    error: (issue) => `expected one of ${MEETING_FORMATS.join(' | ')}, got ${show(issue.input)}`,
  }),
});

/** Where the bulletin first ran. */
export const sourceSchema = z.strictObject({
  /** The publishing site or outlet, e.g. 重庆法院网. */
  name: text(),
  /** The original article's address (http or https). */
  url: z.url({ protocol: /^https?$/, error: (issue) => `expected an http(s) URL, got ${show(issue.input)}` }),
});

/** A list of canonical names: each must be one of `names`; stored deduplicated in canonical order. */
function canonicalList<const T extends readonly [string, ...string[]]>(names: T, what: string) {
  return z
    .array(
      z.enum(names, {
        error: (issue) => `expected a canonical ${what}: one of ${names.join(' | ')}, got ${show(issue.input)}`,
      }),
    )
    .transform((list): T[number][] => inCanonicalOrder<T[number]>(names, list));
}

/** The frontmatter of one bulletin. Unknown keys are errors, so a misspelled field never passes silently. */
export const articleSchema = z.strictObject({
  /** The headline shown on the site. */
  title: text(),
  /** The day of the reported event in China, `YYYY-MM-DD`. */
  date: calendarDate,
  /** The court's full official name, e.g. 重庆市高级人民法院 (not a short form such as 市高法院 or 我院). */
  court: text().check(
    z.refine((name) => /法院$/.test(name) && !/(高法院|高院|中院|^我院|^本院)$/.test(name), {
      error: (issue) => `expected a court's full official name ending in 法院 (e.g. 重庆市高级人民法院), got ${show(issue.input)}`,
    }),
  ),
  /** Who gave the reported speech, and on whose behalf. */
  speaker: speakerSchema,
  /** Who chaired (主持) the meeting, if the bulletin says. */
  host: personSchema.optional(),
  /** The campaign's four tasks the bulletin covers, stored in canonical order. */
  tasks: canonicalList(TASKS, 'task'),
  /** The campaign's three stages the bulletin covers, stored in canonical order. */
  stages: canonicalList(STAGES, 'stage'),
  /** The meeting reported, if any. */
  meeting: meetingSchema.optional(),
  /** The title under which the piece first ran (原标题). */
  originalTitle: text(),
  /** The original publication, if known. */
  source: sourceSchema.optional(),
  /** One or two sentences for listings, feeds and search results. */
  summary: text().max(200, { error: 'expected at most 200 characters' }),
  /** Free-form keywords, e.g. 党史学习教育. */
  tags: z.array(text()).default([]).transform((tags) => [...new Set(tags)]),
  /** A draft is kept out of production builds. */
  draft: z.boolean({ error: (issue) => `expected true or false, got ${show(issue.input)}` }).default(false),
});

/** Frontmatter as written in an article file. */
export type ArticleFrontmatter = z.input<typeof articleSchema>;
/** Frontmatter after validation: dates as `YYYY-MM-DD`, lists in canonical order, defaults applied. */
export type ArticleData = z.output<typeof articleSchema>;
/** A person named in a bulletin. */
export type Person = z.output<typeof personSchema>;
/** A speaker, possibly speaking on someone's behalf. */
export type Speaker = z.output<typeof speakerSchema>;
/** A reported meeting. */
export type Meeting = z.output<typeof meetingSchema>;
/** How a meeting was held. */
export type MeetingFormat = (typeof MEETING_FORMATS)[number];

/** A short, quoted rendering of a bad value for error messages. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Date) return value.toISOString();
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
