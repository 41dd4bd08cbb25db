// Seed case studies: the AI Public Dialogues and the community of practice, as their write-ups tell them.
import type { CaseStudyEntry } from './types.ts';

const missions = ['crime-and-policing', 'education', 'health', 'energy-and-net-zero'];

const aiPublicDialogues: CaseStudyEntry = {
  slug: 'ai-public-dialogues',
  title: 'AI Public Dialogues',
  summary:
    'In September 2024, ai@cam convened public dialogue workshops in Liverpool and Cambridge to better understand public perspectives on the role of AI.',
  body:
    'As part of a collaboration between ai@cam and the Kavli Centre for Ethics, Science, and the Public, 40 members of the public took part in two workshops, in Liverpool and Cambridge, to discuss their aspirations for AI in public services and the interventions needed to shape its development. ' +
    'Designed and delivered by the specialist social research agency Hopkins Van Mil, the dialogues set out to understand public perspectives on the role of AI in delivering priority policy agendas connected to four of the Missions for Government: crime and policing, education, health, and energy and net zero. ' +
    "Alongside AI experts from the University of Cambridge, University of Liverpool, University of Manchester and King's College London, participants were divided into smaller groups, each dedicated to one mission. Guided by a prepared list of discussion topics and supported by an AI expert, they considered the guardrails and interventions needed to ensure AI delivers public benefit.",
  projectStatus: 'completed',
  startDate: '2024-09-01',
  startDatePrecision: 'month',
  endDate: '2024-09-01',
  endDatePrecision: 'month',
  participantCount: 40,
  iap2Level: null,
  recruitment: null,
  // The UK-wide missions were the subject, but the write-up never states the dialogue's scope.
  scope: null,
  // Two workshops held in named cities, with participants split into groups around an expert.
  format: 'in_person',
  evaluated: null,
  evaluationUrl: null,
  findings: [
    'Further transparency around where and how AI is being used, supported by education and public information initiatives that help build understanding of AI.',
    'Governance that ensures public benefit is the guiding principle for the use of AI in any public services, backed up by powers to prevent profit being prioritised over service quality.',
    'Independent regulatory bodies that are equipped with the power to influence how and where AI is used, and that can take action to prevent misuse.',
    'Collaborative and user-centred design practices that centre user need in AI development, and that take action to remove bias and improve reliability.',
  ],
  outcomes:
    "Findings were published in December 2025 in an ai@cam report giving the first analysis of how the public think AI could help deliver the Missions for Government. The report outlines opportunities for AI to improve people's interactions with public services and shows growing demands for governance that centres public benefit in AI development and use.",
  links: [{ url: 'https://youtu.be/rzL_IW_knWI', label: 'Video', kind: 'video' }],
  organisations: [
    { organisation: 'ai-at-cam', role: 'convener' },
    { organisation: 'kavli-centre-for-ethics-science-and-the-public', role: 'collaborator' },
    { organisation: 'hopkins-van-mil', role: 'delivery_partner' },
    { organisation: 'university-of-cambridge', role: 'expert_contributor' },
    { organisation: 'university-of-liverpool', role: 'expert_contributor' },
    { organisation: 'university-of-manchester', role: 'expert_contributor' },
    { organisation: 'kings-college-london', role: 'expert_contributor' },
  ],
  methods: ['public-dialogue'],
  topics: missions,
  places: ['liverpool', 'cambridge'],
};

const communityOfPractice: CaseStudyEntry = {
  slug: 'data-and-ai-public-engagement-community-of-practice',
  title: 'Data and AI Public Engagement Community of Practice',
  summary:
    'Between July 2024 and March 2026, Connected by Data ran a community of practice for people who are, or want to be, engaging and involving the public around data and AI, holding seventeen monthly(ish) meetings.',
  body:
    "The community of practice was part of Connected by Data's project 'Giving communities a powerful say in public sector data and AI projects', funded by Mohn Westlake. " +
    'Meetings paired presentations with discussion; the first was the best-attended, and in December 2024 the meeting took a workshop approach. ' +
    'Discussions raised practical questions: finding a diverse range of participants, choosing methods, managing expectations about what the work could lead to, and evaluating the success of a deliberation. ' +
    'Getting civil servants along proved a persistent struggle, as did finding the right language: public engagement, involvement or participation.',
  projectStatus: 'completed',
  startDate: '2024-07-01',
  startDatePrecision: 'month',
  endDate: '2026-03-01',
  endDatePrecision: 'month',
  // 565 were on the mailing list, but attendance is not given.
  participantCount: null,
  iap2Level: null,
  recruitment: null,
  scope: null,
  // Meetings were calls with a Zoom chat, and respondents asked for in-person meetings instead.
  format: 'online',
  evaluated: true,
  evaluationUrl: null,
  findings: [
    'Of 565 people on the mailing list, ten filled out the survey; nine had attended between one and four meetings.',
    'Respondents rated how useful the community of practice was for their work at 6.7 out of 10 on average.',
    'Respondents valued the presentations, learning from what others were doing, links to other case studies and the networking.',
    "Several respondents found the Q&A 'a bit dead', with fewer people on the call than expected; some lacked the time to engage with the resources and the community.",
    "Eight of the ten respondents would come to future meetings if the community continued; the other two said 'maybe'.",
    'Several respondents would prefer meeting in person, though one found online events much easier to attend.',
    'Respondents accessed the meeting notes more than they watched the videos.',
  ],
  outcomes:
    'The funding ended with the wider project, and there are no plans to run more meetings or to hand the community to another organisation. Videos of presentations, where speakers gave permission, are published on the meeting pages and on YouTube, and the notes stay live for members. Respondents suggested other organisations that might pick up the mantle, and one proposed a shared secretariat across organisations and sectors.',
  links: [],
  organisations: [
    { organisation: 'connected-by-data', role: 'convener' },
    { organisation: 'mohn-westlake', role: 'funder' },
  ],
  methods: ['community-of-practice', 'survey'],
  topics: ['public-engagement', 'data-and-ai'],
  places: [],
};

export const caseStudies: CaseStudyEntry[] = [aiPublicDialogues, communityOfPractice];
