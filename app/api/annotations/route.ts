import { NextResponse } from 'next/server';
import { requireWriter } from '@/lib/actor';
import { getActor } from '@/lib/auth';
import { createAnnotation } from '@/lib/annotations/service';
import { annotationContainer, CONTAINER_ALLOW } from '@/lib/export/container';
import { otherMethods, readJson, respond } from '@/lib/http';

/** The Annotation Protocol container: `?document=&analyst=&kind=&from=&to=&page=&after=`, paged W3C JSON-LD (`after`: the cursor in `next` links). */
export const GET = (request: Request) =>
  respond(async () => {
    const url = new URL(request.url);
    const query = Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ''));
    const result = await annotationContainer(await getActor(), query, url.origin, {
      prefer: request.headers.get('prefer'),
      ifNoneMatch: request.headers.get('if-none-match'),
    });
    return new Response(result.body === null ? null : JSON.stringify(result.body), { status: result.status, headers: result.headers });
  });

export const POST = (request: Request) =>
  respond(async () => {
    const actor = requireWriter(await getActor());
    const annotation = await createAnnotation(actor, await readJson(request));
    return NextResponse.json(annotation, {
      status: 201,
      headers: { Location: `/api/annotations/${annotation.id}`, ETag: `"${annotation.version}"` },
    });
  });

/** The protocol's OPTIONS: what the container allows, and what a POST takes (Assay's own JSON). */
export const OPTIONS = () =>
  new Response(null, {
    status: 204,
    headers: {
      Allow: CONTAINER_ALLOW,
      'Accept-Post': 'application/json',
      Link: '<http://www.w3.org/ns/ldp#BasicContainer>; rel="type", <http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"',
      Vary: 'Accept, Prefer',
    },
  });

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
