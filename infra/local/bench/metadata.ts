import { beijingDate } from '../../../shared/calendar/beijing';

/** The registration every benchmark uploads with: 区教育局's office, a proactive text notice formed today. */
export function benchMetadata(title: string, filename = 'notice.txt') {
  return {
    title,
    agency: 'edu',
    department: 'office',
    category: '02',
    formedAt: beijingDate(new Date()),
    disclosure: 'proactive',
    origin: 'made',
    filename,
    contentType: 'text/plain',
  };
}
