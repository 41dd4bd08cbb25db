// Seed methods: the ways of engaging the public that the source documents describe being used.
import type { MethodEntry } from './types.ts';

export const methods: MethodEntry[] = [
  {
    slug: 'public-dialogue',
    name: 'Public dialogue',
    description:
      'Members of the public discuss an issue in facilitated groups, with experts on hand, to understand their perspectives and aspirations.',
    participediaType: 'deliberative_and_dialogic_process',
    // The OECD models describe representative processes; nothing says how these participants were recruited.
    oecdModel: null,
  },
  {
    slug: 'deliberative-workshop',
    name: 'Deliberative workshop',
    description: 'A facilitated workshop in which participants weigh evidence and options together before reaching a view.',
    participediaType: 'deliberative_and_dialogic_process',
    oecdModel: null,
  },
  {
    slug: 'community-of-practice',
    name: 'Community of practice',
    description: 'Practitioners meet regularly to share their work, ask practical questions and learn from one another.',
    // Participedia has no type for practitioner networks; any choice would mislabel it.
    participediaType: null,
    oecdModel: null,
  },
  {
    slug: 'survey',
    name: 'Survey',
    description: 'A questionnaire asking people for their views or experience.',
    participediaType: null,
    oecdModel: null,
  },
];
