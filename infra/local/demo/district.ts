import type { Agency, Department, Identity } from '../../../shared/model/identity';

/**
 * The demo district: a Tai'erzhuang-like district government with its offices and bureaus,
 * their departments and the leaders in charge, and one person per job.
 */
interface AgencySeed {
  readonly id: string;
  readonly name: string;
  readonly code: string;
  readonly competentFor?: string[];
  readonly departments: Array<[id: string, name: string]>;
  /** Pinyin-ish user ids: [uploader, leader (also head)] */
  readonly people: [uploader: [string, string], leader: [string, string]];
  readonly status?: 'abolished';
  readonly successorId?: string;
  readonly abolishedBy?: string;
  readonly disclosureOffice?: boolean;
}

const AGENCIES: AgencySeed[] = [
  {
    id: 'gov-office',
    name: '区政府办公室',
    code: '0101',
    // COORD-5(2): the district's disclosure authority coordinates disagreements.
    disclosureOffice: true,
    departments: [
      ['secretariat', '秘书科'],
      ['disclosure', '政务公开科'],
    ],
    people: [
      ['sun.li', '孙丽'],
      ['zhou.qiang', '周强'],
    ],
  },
  {
    id: 'edu',
    name: '区教育局',
    code: '0201',
    departments: [
      ['office', '办公室'],
      ['basic-edu', '基础教育科'],
    ],
    people: [
      ['zhang.wei', '张伟'],
      ['li.na', '李娜'],
    ],
  },
  {
    id: 'health',
    name: '区卫生健康局',
    code: '0202',
    competentFor: ['infectious-disease'],
    departments: [
      ['office', '办公室'],
      ['disease-control', '疾病预防控制科'],
    ],
    people: [
      ['liu.yang', '刘洋'],
      ['chen.min', '陈敏'],
    ],
  },
  {
    id: 'stats',
    name: '区统计局',
    code: '0203',
    competentFor: ['statistics'],
    departments: [
      ['office', '办公室'],
      ['survey', '调查科'],
    ],
    people: [
      ['huang.tao', '黄涛'],
      ['zhao.lei', '赵磊'],
    ],
  },
  {
    id: 'agri',
    name: '区农业农村局',
    code: '0204',
    competentFor: ['agri-product-safety', 'animal-epidemic'],
    departments: [
      ['office', '办公室'],
      ['quality', '质量安全科'],
    ],
    people: [
      ['wu.hao', '吴昊'],
      ['xu.jing', '徐静'],
    ],
  },
  {
    id: 'commerce',
    name: '区商务局',
    code: '0205',
    competentFor: ['foreign-trade'],
    departments: [
      ['office', '办公室'],
      ['trade', '外贸科'],
    ],
    people: [
      ['ma.chao', '马超'],
      ['hu.yan', '胡燕'],
    ],
  },
  {
    id: 'natres',
    name: '区自然资源局',
    code: '0206',
    competentFor: ['geographic-data'],
    departments: [
      ['office', '办公室'],
      ['survey-map', '测绘地理信息科'],
    ],
    people: [
      ['guo.peng', '郭鹏'],
      ['he.li', '何丽'],
    ],
  },
  {
    id: 'finance',
    name: '区财政局',
    code: '0207',
    departments: [
      ['office', '办公室'],
      ['budget', '预算科'],
    ],
    people: [
      ['lin.feng', '林峰'],
      ['luo.xia', '罗霞'],
    ],
  },
  {
    id: 'hrss',
    name: '区人力资源和社会保障局',
    code: '0208',
    departments: [
      ['office', '办公室'],
      ['employment', '就业科'],
    ],
    people: [
      ['gao.bo', '高博'],
      ['liang.hong', '梁红'],
    ],
  },
  {
    id: 'civil',
    name: '区民政局',
    code: '0209',
    departments: [
      ['office', '办公室'],
      ['assistance', '社会救助科'],
    ],
    people: [
      ['song.jie', '宋杰'],
      ['zheng.yu', '郑玉'],
    ],
  },
  {
    id: 'housing',
    name: '区住房和城乡建设局',
    code: '0210',
    departments: [
      ['office', '办公室'],
      ['construction', '建设管理科'],
    ],
    people: [
      ['tang.jun', '唐军'],
      ['han.mei', '韩梅'],
    ],
  },
  {
    id: 'env',
    name: '区生态环境分局',
    code: '0211',
    departments: [
      ['office', '办公室'],
      ['monitoring', '监测科'],
    ],
    people: [
      ['feng.kai', '冯凯'],
      ['deng.li', '邓丽'],
    ],
  },
  {
    id: 'market',
    name: '区市场监督管理局',
    code: '0212',
    departments: [
      ['office', '办公室'],
      ['food', '食品安全科'],
    ],
    people: [
      ['cao.yu', '曹宇'],
      ['peng.fang', '彭芳'],
    ],
  },
  {
    id: 'transport',
    name: '区交通运输局',
    code: '0213',
    departments: [
      ['office', '办公室'],
      ['roads', '公路科'],
    ],
    people: [
      ['yuan.lei', '袁磊'],
      ['jiang.ping', '蒋平'],
    ],
  },
  {
    id: 'water',
    name: '区水务集团',
    code: '0301',
    departments: [
      ['office', '办公室'],
      ['supply', '供水部'],
    ],
    people: [
      ['du.xin', '杜鑫'],
      ['ye.qing', '叶青'],
    ],
  },
  // COORD-3: abolished in a reorganisation; its duties passed to the natural resources bureau.
  {
    id: 'land',
    name: '原区国土资源局',
    code: '0220',
    status: 'abolished',
    successorId: 'natres',
    abolishedBy: 'gov-office',
    departments: [],
    people: [
      ['', ''],
      ['', ''],
    ],
  },
];

export const DEMO_AGENCIES: Agency[] = AGENCIES.map((a) => ({
  id: a.id,
  name: a.name,
  code: a.code,
  status: a.status ?? 'active',
  ...(a.successorId ? { successorId: a.successorId } : {}),
  ...(a.abolishedBy ? { abolishedBy: a.abolishedBy } : {}),
  ...(a.competentFor ? { competentFor: a.competentFor } : {}),
  ...(a.people[1][0] ? { head: a.people[1][0] } : {}),
  ...(a.disclosureOffice ? { disclosureOffice: true } : {}),
}));

export const DEMO_DEPARTMENTS: Department[] = AGENCIES.flatMap((a) =>
  a.departments.map(([id, name]) => ({ agency: a.id, id, name, leader: a.people[1][0] })),
);

export const DEMO_USERS: Identity[] = [
  ...AGENCIES.filter((a) => a.status !== 'abolished').flatMap((a): Identity[] => {
    const [[uploader, uploaderName], [leader, leaderName]] = a.people;
    const competent = a.competentFor ? (['approver'] as const) : [];
    return [
      {
        user: uploader,
        name: uploaderName,
        roles: ['uploader'],
        agency: a.id,
        department: a.departments[0]?.[0] ?? 'office',
      },
      {
        user: leader,
        name: leaderName,
        roles: ['leader', ...competent],
        agency: a.id,
        department: a.departments[0]?.[0] ?? 'office',
        departments: a.departments.map(([id]) => id),
      },
    ];
  }),
  // 预审小组 (REVIEW-2), led from the district office.
  { user: 'wang.fang', name: '王芳', roles: ['reviewer'], agency: 'gov-office', department: 'disclosure' },
  // 监督小组 (REVIEW-4.2).
  { user: 'qian.hui', name: '钱慧', roles: ['oversight'], agency: 'gov-office', department: 'disclosure' },
  { user: 'ops', name: '运维管理员', roles: ['admin'], agency: 'gov-office', department: 'secretariat' },
  // 区教育局's own administrator of its departments, leader assignments and users.
  { user: 'he.jun', name: '何军', roles: ['agency-admin'], agency: 'edu', department: 'office' },
];

/** The people the README walk-through uses. */
export const WALKTHROUGH = {
  uploader: 'zhang.wei',
  leader: 'li.na',
  reviewer: 'wang.fang',
  oversight: 'qian.hui',
} as const;
