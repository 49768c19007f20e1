/** The seed bulletin's frontmatter as DOMAIN.md's ground-truth table gives it. */
import type { ArticleData } from '../../src/schema/article';

export const SEED_GROUND_TRUTH = {
  title: '重庆市法院队伍教育整顿动员部署会议召开',
  originalTitle: '重庆市法院队伍教育整顿动员部署会议召开',
  date: '2021-03-05',
  court: '重庆市高级人民法院',
  meeting: { name: '全市法院队伍教育整顿动员部署会议', format: '视频' },
  speaker: { name: '戴军', title: '院党组副书记', onBehalfOf: { name: '李永利', title: '党组书记、院长' } },
  host: { name: '阳东辰', title: '党组成员、政治部主任' },
  tasks: ['筑牢政治忠诚', '清除害群之马', '整治顽瘴痼疾', '弘扬英模精神'],
  stages: ['学习教育', '查纠整改', '总结提升'],
} satisfies Partial<ArticleData>;
