// Seed organisations: every organisation the two source documents name, parents before their units.
import type { OrganisationEntry } from './types.ts';

type Given = Pick<OrganisationEntry, 'slug' | 'name' | 'kind'> & Partial<OrganisationEntry>;

// Unstated facts stay null rather than being filled in from memory.
const organisation = (given: Given): OrganisationEntry => ({
  description: null,
  website: null,
  region: null,
  country: null,
  parent: null,
  topics: [],
  ...given,
});

const suggestedHost =
  'Suggested by respondents to the Data and AI Public Engagement Community of Practice survey as a possible new host organisation, or as people they would like to hear speak.';

const university = (slug: string, name: string, region: string) => organisation({ slug, name, kind: 'university', region, country: 'GB' });

export const organisations: OrganisationEntry[] = [
  organisation({
    slug: 'connected-by-data',
    name: 'Connected by Data',
    // The schema has no kind for a non-profit campaign, and its legal form is not in the documents.
    kind: 'other',
    description:
      "Ran the Data and AI Public Engagement Community of Practice from July 2024 to March 2026, part of its project 'Giving communities a powerful say in public sector data and AI projects', funded by Mohn Westlake.",
  }),
  organisation({
    slug: 'mohn-westlake',
    name: 'Mohn Westlake',
    kind: 'funder',
    description:
      "Funded Connected by Data's project 'Giving communities a powerful say in public sector data and AI projects', which included the Data and AI Public Engagement Community of Practice.",
  }),
  organisation({
    slug: 'data-and-ai-public-engagement-community-of-practice',
    name: 'Data and AI Public Engagement Community of Practice',
    kind: 'community_of_practice',
    description:
      'A community of practice for people who are, or want to be, engaging and involving the public around data and AI. It held seventeen monthly(ish) meetings between July 2024 and March 2026; its funding has ended and no further meetings are planned.',
    topics: ['public-engagement', 'data-and-ai'],
  }),
  organisation({
    slug: 'pedri',
    name: 'PEDRI (Public Engagement in Data Research Initiative)',
    kind: 'network',
    description: `${suggestedHost} Runs regular events.`,
    topics: ['public-engagement', 'data'],
  }),
  organisation({ slug: 'understanding-patient-data', name: 'Understanding Patient Data', kind: 'other', description: suggestedHost }),
  organisation({
    slug: 'office-for-national-statistics',
    name: 'Office for National Statistics',
    kind: 'public_body',
    description: suggestedHost,
    country: 'GB',
  }),
  organisation({
    slug: 'dare-uk',
    name: 'DARE UK (Data and Analytics Research Environments UK)',
    kind: 'other',
    description: suggestedHost,
    country: 'GB',
  }),
  organisation({ slug: 'open-data-institute', name: 'Open Data Institute', kind: 'other', description: suggestedHost }),
  organisation({ slug: 'ada-lovelace-institute', name: 'Ada Lovelace Institute', kind: 'research_institute', description: suggestedHost }),
  organisation({ slug: 'one-healthtech', name: 'One HealthTech', kind: 'network', description: suggestedHost }),
  organisation({
    slug: 'national-co-ordinating-centre-for-public-engagement',
    name: 'National Co-ordinating Centre for Public Engagement',
    kind: 'other',
    description: suggestedHost,
    topics: ['public-engagement'],
  }),
  university('university-of-cambridge', 'University of Cambridge', 'East of England'),
  university('university-of-liverpool', 'University of Liverpool', 'North West'),
  university('university-of-manchester', 'University of Manchester', 'North West'),
  university('kings-college-london', "King's College London", 'London'),
  organisation({
    slug: 'civic-health-innovation-labs',
    name: 'Civic Health Innovation Labs',
    kind: 'research_institute',
    description: suggestedHost,
    region: 'North West',
    country: 'GB',
    parent: 'university-of-liverpool',
  }),
  organisation({
    slug: 'ai-at-cam',
    name: 'ai@cam',
    kind: 'university_programme',
    description:
      'Convened the AI Public Dialogues in Liverpool and Cambridge in September 2024, in collaboration with the Kavli Centre for Ethics, Science, and the Public, and published their findings in a report.',
    region: 'East of England',
    country: 'GB',
    parent: 'university-of-cambridge',
    topics: ['ai'],
  }),
  organisation({
    slug: 'kavli-centre-for-ethics-science-and-the-public',
    name: 'Kavli Centre for Ethics, Science, and the Public',
    kind: 'research_institute',
    description: 'Collaborated with ai@cam on the AI Public Dialogues.',
    website: 'https://www.kcesp.ac.uk/',
  }),
  organisation({
    slug: 'hopkins-van-mil',
    name: 'Hopkins Van Mil',
    kind: 'agency',
    description: 'A specialist social research agency. Designed and delivered the AI Public Dialogues for ai@cam.',
    website: 'https://www.hopkinsvanmil.co.uk/',
  }),
];
