import { getActor } from '@/lib/auth';
import { listQuestionsPage } from '@/lib/forecasts/board';
import { jsonArray, otherMethods, respond } from '@/lib/http';

/**
 * `?method=median|mean|geo-mean-odds|recency-median|extremized&a=1.5&score=peer|baseline|brier|relative|at-close
 * &sort=document|disagreement|resolveBy&document=<slug>&status=open|closed|resolved&page=<n>`: the questions,
 * a page of 50 (the first unless `page` says otherwise); `X-Total-Count` says how many there are in all.
 */
export const GET = (request: Request) =>
  respond(async () => {
    const query = { page: '1', ...Object.fromEntries(new URL(request.url).searchParams) };
    const { questions, total } = await listQuestionsPage(await getActor(), query);
    return jsonArray(questions, { headers: { 'X-Total-Count': String(total) } });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
