/** Fixed names of the local stand-ins (on AWS, CDK names resources; nothing is named by hand). */
export const LOCAL_NAMES = {
  table: 'gongkai',
  intakeBucket: 'gongkai-intake',
  publicBucket: 'gongkai-public',
} as const;
