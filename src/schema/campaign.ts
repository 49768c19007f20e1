/** The 2021 政法队伍教育整顿 campaign: its four tasks and three stages, in canonical order. */

/** The four tasks (四项任务), in the order the campaign lists them. */
export const TASKS = ['筑牢政治忠诚', '清除害群之马', '整治顽瘴痼疾', '弘扬英模精神'] as const;

/** The three stages (三个环节), in the order the campaign runs them. */
export const STAGES = ['学习教育', '查纠整改', '总结提升'] as const;

/** One of the four canonical task names. */
export type Task = (typeof TASKS)[number];

/** One of the three canonical stage names. */
export type Stage = (typeof STAGES)[number];

/** ASCII path segment for each task, so task URLs stay short and stable. */
export const TASK_SLUGS: Readonly<Record<Task, string>> = {
  筑牢政治忠诚: 'political-loyalty',
  清除害群之马: 'black-sheep',
  整治顽瘴痼疾: 'chronic-problems',
  弘扬英模精神: 'heroic-models',
};

/** ASCII path segment for each stage. */
export const STAGE_SLUGS: Readonly<Record<Stage, string>> = {
  学习教育: 'study',
  查纠整改: 'rectification',
  总结提升: 'review',
};

/**
 * Returns the given names in the canonical order of `canonical`, without duplicates.
 * Used so that `tasks: [弘扬英模精神, 筑牢政治忠诚]` is stored as the campaign lists them.
 */
export function inCanonicalOrder<T extends string>(canonical: readonly T[], names: readonly T[]): T[] {
  const present = new Set(names);
  return canonical.filter((name) => present.has(name));
}
