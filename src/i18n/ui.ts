/** Every piece of interface text the site shows, in Simplified Chinese. Pages read their words from here. */
import type { Stage, Task } from '../schema/campaign';
import type { MeetingFormat } from '../schema/article';
import type { PersonRole } from '../lib/archive';

/** The document language of every page. */
export const LANG = 'zh-CN';

export const ui = {
  siteName: '法院新闻通报档案',
  siteDescription: '人民法院新闻通报的静态档案：政法队伍教育整顿等工作的会议、讲话与部署，按时间、法院、任务、环节和人物编排。',
  skipToContent: '跳到正文',
  nav: {
    label: '主导航',
    home: '首页',
    archive: '按时间',
    courts: '法院',
    campaign: '教育整顿',
    people: '人物',
  },
  breadcrumbLabel: '位置',
  footer: {
    about: '本站收录人民法院公开发布的新闻通报，按原文保存，仅供查阅。',
    feed: '订阅 RSS',
    sitemap: '网站地图',
  },
  home: {
    title: '最新通报',
    pageTitle: (page: number) => `全部通报（第 ${page} 页）`,
    empty: '档案中还没有通报。',
  },
  pagination: {
    label: '分页',
    newer: '较新的通报',
    older: '较早的通报',
    front: '最新',
    frontLink: '最新一页',
    /** The front page's status: how many older pages lie behind it. */
    frontStatus: (older: number) => `最新一页，另有较早的 ${older} 页`,
    /** An older page's status: pages are numbered from the oldest, so that each keeps its number; and its dates. */
    page: (n: number, from: string, to: string) => `第 ${n} 页，自最早的一页数起：${from === to ? from : `${from}至${to}`}`,
    pageLink: (n: number) => `第 ${n} 页`,
  },
  listing: {
    count: (n: number) => `共 ${n} 篇`,
    /** A listing's title on its page `page` (0, `FRONT_PAGE` in archive.ts, for the front page, which has the title alone). */
    pagedTitle: (title: string, page: number) => (page > 0 ? `${title}（第 ${page} 页）` : title),
  },
  article: {
    date: '日期',
    court: '法院',
    speaker: '讲话',
    /** Around the on-behalf-of person, whose name is a link: （受 + title + name + 委托）. */
    onBehalfOf: { before: '（受', after: '委托）' },
    /** The meeting's name and how it was held: 全市…会议（视频会议）. */
    meeting: (name: string, format: string) => `${name}（${format}）`,
    host: '主持',
    meetingLabel: '会议',
    tasks: '任务',
    stages: '环节',
    tags: '关键词',
    originalTitle: '原标题',
    source: '来源',
    previous: '上一篇',
    next: '下一篇',
    neighboursLabel: '前后通报',
    related: '相关通报',
  },
  meetingFormats: {
    视频: '视频会议',
    现场: '现场会议',
    '视频+现场': '现场与视频结合',
  } satisfies Record<MeetingFormat, string>,
  archive: {
    title: '按时间浏览',
    intro: '按年份和月份浏览全部通报。',
    year: (year: string) => `${year}的通报`,
    month: (month: string) => `${month}的通报`,
  },
  courts: {
    title: '法院',
    intro: '发布或涉及通报的法院，按通报数量排列。',
    court: (name: string) => name,
  },
  tasks: {
    title: '四项任务',
    intro: '教育整顿的四项任务，及涉及每项任务的通报。',
    task: (name: string) => `任务：${name}`,
  },
  stages: {
    title: '三个环节',
    intro: '教育整顿的三个环节，及涉及每个环节的通报。',
    stage: (name: string) => `环节：${name}`,
  },
  people: {
    title: '人物',
    intro: '通报中讲话、主持会议或委托他人讲话的人物。',
    person: (name: string) => name,
    roles: {
      speaker: '讲话',
      host: '主持',
      onBehalfOf: '委托讲话',
    } satisfies Record<PersonRole, string>,
    roleCount: (role: string, n: number) => `${role} ${n} 次`,
  },
  campaign: {
    title: '政法队伍教育整顿',
    intro:
      '2021年起在全国政法系统开展的队伍教育整顿。第一批自2021年2月至6月，在省级及以下政法机关开展；第二批自2021年8月起，在中央政法单位等开展。',
    tasksHeading: '四项任务',
    stagesHeading: '三个环节',
    timelineHeading: '通报数量（按月）',
    timelineLabel: (from: string, to: string, total: number) => `${from}至${to}每月通报数量柱状图，共 ${total} 篇`,
    taskDescriptions: {
      筑牢政治忠诚: '坚持党对政法工作的绝对领导，树牢理想信念，确保队伍绝对忠诚、绝对纯洁、绝对可靠。',
      清除害群之马: '刀刃向内、刮骨疗毒，深查司法腐败，清除队伍中的违纪违法人员。',
      整治顽瘴痼疾: '聚焦群众反映强烈的执法司法突出问题，减存量、控增量、防变量。',
      弘扬英模精神: '学习宣传先进典型和英模事迹，激励干警崇尚英模、争当英模。',
    } satisfies Record<Task, string>,
    stageDescriptions: {
      学习教育: '以政治教育、警示教育、英模教育为先导，解决思想根子问题。',
      查纠整改: '以自查从宽、被查从严推动查纠，确保问题整改见真章、见实效。',
      总结提升: '总结评估、深化整改、建章立制，巩固教育整顿成果。',
    } satisfies Record<Stage, string>,
  },
  search: {
    title: '搜索',
    label: '搜索全部通报',
    placeholder: '输入词语，如：害群之马',
    submit: '搜索',
    filtersHeading: '筛选',
    filterNames: { court: '法院', year: '年份', task: '任务', stage: '环节', person: '人物' },
    clearFilters: '清除筛选',
    sortLabel: '排序',
    sortRelevance: '按相关度',
    sortDate: '按日期（新→旧）',
    resultsHeading: '搜索结果',
    loading: '正在搜索…',
    prompt: '输入词语搜索全部通报，也可以只用左侧的筛选条件浏览。支持简体和繁体。',
    count: (n: number) => `找到 ${n} 篇通报`,
    countShown: (shown: number, n: number) => `找到 ${n} 篇通报，显示前 ${shown} 篇`,
    /** While the first (newest) results are shown and older bulletins are still searched; short, so the toolbar keeps its height. */
    searchingOlder: '正在检索更早的通报…',
    none: (query: string) => (query ? `没有找到包含“${query}”的通报。` : '没有符合筛选条件的通报。'),
    noneHint: '请检查用字，换一个更短的词，或减少筛选条件。',
    more: '显示更多结果',
    unavailable: '搜索暂时无法使用，请刷新页面或稍后再试。',
    noScript: '搜索需要启用 JavaScript。您也可以按时间、法院、任务或人物浏览全部通报。',
    filterCount: (n: number) => `（${n}）`,
    showAllValues: (n: number) => `显示全部 ${n} 项`,
  },
  notFound: {
    title: '找不到这个页面',
    body: '您要找的页面不存在，可能已被移动或地址有误。',
    home: '返回首页',
    archive: '按时间浏览全部通报',
  },
  feed: {
    title: '法院新闻通报档案',
    description: '人民法院新闻通报全文',
  },
};
