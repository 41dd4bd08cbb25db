// Seed events: only the meetings and workshops the source documents date, each to its month.
import type { EventEntry, EventSeriesEntry } from './types.ts';

export const eventSeries: EventSeriesEntry[] = [
  {
    slug: 'data-and-ai-public-engagement-community-of-practice-meetings',
    name: 'Data and AI Public Engagement Community of Practice meetings',
    description:
      'Seventeen meetings held between July 2024 and March 2026 for people who are, or want to be, engaging and involving the public around data and AI. No further meetings are planned.',
    frequency: 'monthly(ish)',
    organisation: 'connected-by-data',
  },
];

const copSeries = 'data-and-ai-public-engagement-community-of-practice-meetings';
const copOrganiser = [{ organisation: 'connected-by-data', role: 'organiser' as const }];

const dialogueWorkshop = (city: 'Liverpool' | 'Cambridge'): EventEntry => ({
  slug: `ai-public-dialogues-workshop-${city.toLowerCase()}`,
  title: `AI Public Dialogues: ${city} workshop`,
  description:
    `One of two public dialogue workshops ai@cam convened in September 2024 with the Kavli Centre for Ethics, Science, and the Public, ` +
    'designed and delivered by Hopkins Van Mil, on AI in public services and four of the Missions for Government.',
  // Known only to the month; stored at its start in London time, which is BST in September.
  startsAt: '2024-09-01T00:00:00+01:00',
  datePrecision: 'month',
  format: 'in_person',
  place: city.toLowerCase(),
  series: null,
  organisers: [
    { organisation: 'ai-at-cam', role: 'organiser' },
    { organisation: 'kavli-centre-for-ethics-science-and-the-public', role: 'partner' },
    { organisation: 'hopkins-van-mil', role: 'partner' },
  ],
  topics: ['crime-and-policing', 'education', 'health', 'energy-and-net-zero'],
  methods: ['public-dialogue'],
});

export const events: EventEntry[] = [
  {
    slug: 'data-and-ai-public-engagement-community-of-practice-first-meeting',
    title: 'Data and AI Public Engagement Community of Practice: first meeting',
    description:
      'The first meeting of the community of practice, and its best-attended; the discussion, on camera and in the Zoom chat, was the most flowing it had.',
    startsAt: '2024-07-01T00:00:00+01:00',
    datePrecision: 'month',
    format: 'online',
    place: null,
    series: copSeries,
    organisers: copOrganiser,
    topics: ['public-engagement', 'data-and-ai'],
    methods: ['community-of-practice'],
  },
  {
    slug: 'data-and-ai-public-engagement-community-of-practice-december-2024-workshop',
    title: 'Data and AI Public Engagement Community of Practice: workshop meeting',
    description:
      'A meeting of the community of practice that took more of a workshop approach than the usual presentations and discussion.',
    // GMT in December. Its format is not stated but the column is required; the meetings were calls, so online.
    startsAt: '2024-12-01T00:00:00+00:00',
    datePrecision: 'month',
    format: 'online',
    place: null,
    series: copSeries,
    organisers: copOrganiser,
    topics: ['public-engagement', 'data-and-ai'],
    methods: ['community-of-practice'],
  },
  dialogueWorkshop('Liverpool'),
  dialogueWorkshop('Cambridge'),
];
