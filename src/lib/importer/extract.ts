/**
 * Reads a bulletin's metadata out of its raw Chinese text (the seed's format, see DOMAIN.md): title,
 * original title, date, court, speaker, on-behalf-of, host, meeting, tasks, stages, summary, mentions.
 * Pure: text and options in, a draft frontmatter (still to be validated by the schema) out.
 */
import { STAGES, TASKS, type Stage, type Task } from '../../schema/campaign';
import type { ArticleFrontmatter, MeetingFormat } from '../../schema/article';
import { foldScript } from '../search-text';

/** What the person running the import knows that the text may not say. */
export interface ExtractOptions {
  /** The year, for texts that give only month and day. */
  year?: number;
  /** The court's full official name, for texts that say only 我院/本院. */
  court?: string;
  /** The original article's address; a `/YYYY/MM/` path also gives year and month. */
  sourceUrl?: string;
}

/** A bulletin read from raw text: frontmatter to validate, the body's paragraphs as written, notes for a person. */
export interface ExtractedBulletin {
  frontmatter: ArticleFrontmatter;
  paragraphs: string[];
  /** Things found that were not mapped and that someone should look at (e.g. 弘扬劳模精神). */
  review: string[];
}

/** The outcome of reading one text. */
export type Extraction = { ok: true; bulletin: ExtractedBulletin } | { ok: false; reason: string };

/** Notable terms recorded as tags when a bulletin mentions them, in this order. */
export const KNOWN_MENTIONS = [
  '党史学习教育',
  '巡视整改',
  '扫黑除恶专项斗争',
  '成渝地区双城经济圈',
  '一区两群',
  '十四五',
  '建党100周年',
  '教育整顿巩固年',
] as const;

/** Phrases that place an undated text in a year, per DOMAIN.md. */
const YEAR_CLUES: readonly [RegExp, number][] = [
  [/建党100周年/, 2021],
  [/十四五”?开好局/, 2021],
  [/党史学习教育/, 2021],
];

/** Province-level divisions: the name as written short, and the official name. */
const PROVINCES: readonly [string, string][] = [
  ['北京', '北京市'], ['天津', '天津市'], ['上海', '上海市'], ['重庆', '重庆市'], ['河北', '河北省'],
  ['山西', '山西省'], ['辽宁', '辽宁省'], ['吉林', '吉林省'], ['黑龙江', '黑龙江省'], ['江苏', '江苏省'],
  ['浙江', '浙江省'], ['安徽', '安徽省'], ['福建', '福建省'], ['江西', '江西省'], ['山东', '山东省'],
  ['河南', '河南省'], ['湖北', '湖北省'], ['湖南', '湖南省'], ['广东', '广东省'], ['海南', '海南省'],
  ['四川', '四川省'], ['贵州', '贵州省'], ['云南', '云南省'], ['陕西', '陕西省'], ['甘肃', '甘肃省'],
  ['青海', '青海省'], ['内蒙古', '内蒙古自治区'], ['广西', '广西壮族自治区'], ['西藏', '西藏自治区'],
  ['宁夏', '宁夏回族自治区'], ['新疆', '新疆维吾尔自治区'],
];
const PROVINCE = PROVINCES.map(([short]) => short).join('|');

/** How a position ends, so that 党组书记、院长李永利 splits into title 党组书记、院长 and name 李永利. */
const TITLE_END =
  '(?:书记|院长|主任|庭长|专职委员|委员|成员|部长|组长|局长|检察长|厅长|政委|主席|巡视员|调研员|秘书长|审判长|审判员|负责人)';
const NAME = '(\\p{Script=Han}{2,3}?)';

/** The line that introduces the original title: 原标题: (ASCII or full-width colon; Traditional 原標題 too). */
const ORIGINAL_TITLE = /^原[标標][题題]\s*[:：]/;

/** Clause separators inside a paragraph. */
const CLAUSES = /[，,。；;：:！!？?]/;

/** A date or time at the start of a clause: 3月5日, 2021年3月9日, 3月10日下午, 日前, 近日. */
const LEADING_TIME = /^(?:\d{4}年)?(?:\d{1,2}月\d{1,2}日)?(?:上午|下午|晚上|晚)?(?:日前|近日|近期)?/;

/** Reads one raw bulletin. */
export function extractBulletin(raw: string, options: ExtractOptions = {}): Extraction {
  const lines = raw
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const title = lines[0];
  if (title === undefined) return { ok: false, reason: 'the file has no text' };
  let rest = lines.slice(1);
  if (rest[0] === title) rest = rest.slice(1);

  let originalTitle = title;
  const marker = rest.findIndex((line) => ORIGINAL_TITLE.test(line));
  if (marker !== -1) {
    const inline = rest[marker]?.replace(ORIGINAL_TITLE, '').trim() ?? '';
    originalTitle = inline || rest[marker + 1] || title;
    rest = rest.slice(0, marker);
  }
  const paragraphs = rest;
  if (paragraphs.length === 0) return { ok: false, reason: 'no body: the text has a title but no paragraphs' };

  // Metadata is read from folded, width-normalized text; the body is kept exactly as written.
  const plain = paragraphs.map((p) => foldScript(p).normalize('NFKC'));
  const all = plain.join('\n');
  const review: string[] = [];

  const date = readDate(all, options);
  if (!date.ok) return date;
  const court = readCourt(plain, options);
  if (!court.ok) return court;
  const speaker = readSpeaker(plain);
  if (!speaker.ok) return speaker;
  const host = readHost(plain);
  const meeting = readMeeting(plain);
  const tasks = readTasks(all, review);
  const stages = readStages(all);

  const frontmatter: ArticleFrontmatter = {
    title,
    date: date.value,
    court: court.value,
    speaker: speaker.value,
    ...(host ? { host } : {}),
    tasks,
    stages,
    ...(meeting ? { meeting } : {}),
    originalTitle,
    ...(options.sourceUrl ? { source: { name: new URL(options.sourceUrl).hostname, url: options.sourceUrl } } : {}),
    summary: summarize(paragraphs[0] ?? ''),
    tags: KNOWN_MENTIONS.filter((term) => all.includes(term)),
  };
  return { ok: true, bulletin: { frontmatter, paragraphs, review } };
}

type Found<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The date: a full 2021年3月9日, or 3月5日 with the year from --year, the source URL or a clue in the text. */
function readDate(text: string, options: ExtractOptions): Found<string> {
  const iso = (y: number, m: number, d: number) =>
    `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const full = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text);
  if (full) return { ok: true, value: iso(Number(full[1]), Number(full[2]), Number(full[3])) };
  const urlDate = options.sourceUrl ? /\/(\d{4})\/(\d{2})\//.exec(options.sourceUrl) : null;
  const dayMonth = /(?<!\d)(\d{1,2})月(\d{1,2})日/.exec(text);
  if (!dayMonth) {
    return {
      ok: false,
      reason: 'no date could be read (expected a date such as 3月5日 or 2021年3月9日 in the text)',
    };
  }
  const year =
    options.year ?? (urlDate ? Number(urlDate[1]) : undefined) ?? YEAR_CLUES.find(([clue]) => clue.test(text))?.[1];
  if (year === undefined) {
    return {
      ok: false,
      reason: `the text gives ${dayMonth[0]} without a year, and nothing in it tells the year: pass --year YYYY`,
    };
  }
  return { ok: true, value: iso(year, Number(dayMonth[1]), Number(dayMonth[2])) };
}

/** A court named at the start of a clause, as found: complete (an official name) or not (我院, 市高法院). */
interface CourtMention {
  name: string;
  complete: boolean;
}

/** Reads a court mention at the start of `clause`, if there is one. */
function courtAt(clause: string): CourtMention | undefined {
  const text = clause.replace(LEADING_TIME, '').replace(/^(?:受|由|在|经)/, '');
  if (/^(?:最高人民法院|最高法院|最高法)/.test(text)) return { name: '最高人民法院', complete: true };
  const high = new RegExp(`^(${PROVINCE})(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)?(?:高级人民法院|高法院|高院)`).exec(text);
  if (high) {
    const official = PROVINCES.find(([short]) => short === high[1])?.[1] ?? '';
    return { name: `${official}高级人民法院`, complete: true };
  }
  if (/^(?:省|市|区)?(?:高级人民法院|高法院|高院)/.test(text)) return { name: text, complete: false };
  const intermediate = /^(\p{Script=Han}{0,8}?)(?:第)?([一二三四五六七八九十]*)(?:中级人民法院|中院)/u.exec(text);
  if (intermediate) {
    const [, place = '', number = ''] = intermediate;
    if (!/^\p{Script=Han}{1,6}(?:市|州|盟|地区)$/u.test(place) || place.length < 3) return { name: text, complete: false };
    return { name: `${place}${number ? `第${number}` : ''}中级人民法院`, complete: true };
  }
  const basic = /^(\p{Script=Han}{2,10}?(?:区|县|旗|市))(?:人民法院|法院)/u.exec(text);
  if (basic?.[1]) return { name: `${basic[1]}人民法院`, complete: true };
  if (/^(?:我院|本院)/.test(text)) return { name: text.slice(0, 2), complete: false };
  return undefined;
}

/** The bulletin's court: the first court named at the start of a clause, completed from --court if needed. */
function readCourt(paragraphs: readonly string[], options: ExtractOptions): Found<string> {
  if (options.court) return { ok: true, value: options.court };
  const mentions = paragraphs.flatMap((p) => p.split(CLAUSES)).flatMap((clause) => courtAt(clause) ?? []);
  const first = mentions[0];
  if (!first) return { ok: false, reason: 'no court could be read from the text: pass --court with its full official name' };
  if (first.complete) return { ok: true, value: first.name };
  const completed = mentions.find((m) => m.complete && /高级/.test(m.name) === /高/.test(first.name));
  if (completed && !/^(?:我院|本院)/.test(first.name)) return { ok: true, value: completed.name };
  return {
    ok: false,
    reason: `the text names its court only as ${first.name.slice(0, 6)}: pass --court with the court's full official name`,
  };
}

/** Strips a court name from the front of a position: 重庆市高法院党组成员 → 党组成员. */
function positionOnly(title: string): string {
  return title.replace(/^.*?(?:人民法院|高法院|高院|中院|法院)(?=\p{Script=Han})/u, '');
}

/** The speaker, and on whose behalf they spoke (受…委托). */
function readSpeaker(paragraphs: readonly string[]): Found<NonNullable<ArticleFrontmatter['speaker']>> {
  const clauses = paragraphs.flatMap((p) => p.split(CLAUSES));
  const onBehalf = new RegExp(`^受(.+${TITLE_END})${NAME}委托$`, 'u');
  const speaks = new RegExp(`^(.*${TITLE_END})${NAME}(?:作|发表|出席|在会上|讲话|强调|指出|要求|表示)`, 'u');
  for (let i = 0; i < clauses.length; i += 1) {
    const behalf = onBehalf.exec(clauses[i] ?? '');
    const speaker = speaks.exec((behalf ? clauses[i + 1] : clauses[i]) ?? '');
    if (!speaker?.[1] || !speaker[2]) continue;
    const person = { name: speaker[2], title: positionOnly(speaker[1].replace(LEADING_TIME, '')) };
    if (behalf?.[1] && behalf[2]) return { ok: true, value: { ...person, onBehalfOf: { name: behalf[2], title: positionOnly(behalf[1]) } } };
    return { ok: true, value: person };
  }
  return { ok: false, reason: 'no speaker could be read (expected a position and name such as 院党组副书记戴军作…讲话)' };
}

/** Who chaired the meeting (…主持). */
function readHost(paragraphs: readonly string[]): { name: string; title: string } | undefined {
  const chairs = new RegExp(`^(.*${TITLE_END})${NAME}主持`, 'u');
  for (const clause of paragraphs.flatMap((p) => p.split(CLAUSES))) {
    const found = chairs.exec(clause);
    if (found?.[1] && found[2]) return { name: found[2], title: positionOnly(found[1].replace(LEADING_TIME, '')) };
  }
  return undefined;
}

/** The meeting reported in the first paragraph (…会议召开, 召开…会), and how it was held. */
function readMeeting(paragraphs: readonly string[]): { name: string; format: MeetingFormat } | undefined {
  const first = paragraphs[0] ?? '';
  let name: string | undefined;
  for (const clause of first.split(CLAUSES)) {
    const text = clause.replace(LEADING_TIME, '');
    const held = /^(\p{Script=Han}{2,40}?(?:会议|会))(?:召开|举行)/u.exec(text) ?? /(?:召开|举行|举办)(\p{Script=Han}{2,40}?(?:会议|会))$/u.exec(text);
    if (held?.[1]) {
      name = held[1];
      break;
    }
  }
  if (!name) return undefined;
  const all = paragraphs.join('');
  const video = /视频/.test(all);
  const inPerson = /现场/.test(all);
  return { name, format: video && inPerson ? '视频+现场' : video ? '视频' : '现场' };
}

/** The four tasks named in the text, or all four when it speaks of 四项任务/四大任务; near-misses are noted. */
function readTasks(text: string, review: string[]): Task[] {
  const named = TASKS.filter((task) => text.includes(task));
  for (const task of TASKS) {
    for (let at = text.indexOf(task.slice(0, 2)); at !== -1; at = text.indexOf(task.slice(0, 2), at + 1)) {
      const candidate = text.slice(at, at + task.length);
      const differences = [...candidate].filter((char, i) => char !== task[i]).length;
      if (differences === 1 && candidate.length === task.length && !review.some((r) => r.includes(candidate))) {
        review.push(`non-canonical task wording "${candidate}" (not mapped; the canonical task is ${task})`);
      }
    }
  }
  return /四项(?:重点)?任务|四大任务/.test(text) ? [...TASKS] : named;
}

/** The three stages named in the text, or all three when it speaks of 三个环节/三大环节/教育、整改、提升. */
function readStages(text: string): Stage[] {
  if (/三个环节|三大环节|教育、整改、提升/.test(text)) return [...STAGES];
  return STAGES.filter((stage) => {
    if (stage === '学习教育') return /(?<!党史)学习教育/.test(text);
    if (stage === '总结提升') return /总结提升|总结评估/.test(text);
    return text.includes(stage);
  });
}

/** The first sentence, and the second too if both fit in 120 characters. */
export function summarize(paragraph: string, limit = 120): string {
  const sentences = paragraph.match(/[^。！？!?]+[。！？!?]?/g) ?? [paragraph];
  const first = sentences[0] ?? '';
  if (first.length > limit) return `${first.slice(0, limit - 1)}…`;
  const two = first + (sentences[1] ?? '');
  return two.length <= limit ? two : first;
}
