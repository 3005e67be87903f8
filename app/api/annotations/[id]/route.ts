import { NextResponse } from 'next/server';
import { requireWriter } from '@/lib/actor';
import { getActor } from '@/lib/auth';
import { deleteAnnotation, getAnnotation, updateAnnotation } from '@/lib/annotations/service';
import { ANNOTATION_ALLOW, annotationResource, wantsJsonLd } from '@/lib/export/container';
import { MEDIA_TYPE } from '@/lib/export/w3c';
import { ifMatch, otherMethods, readJson, respond } from '@/lib/http';

type Context = RouteContext<'/api/annotations/[id]'>;

/** The Annotation Protocol's headers on every answer about one annotation. */
const protocolHeaders = { Link: '<http://www.w3.org/ns/ldp#Resource>; rel="type"', Allow: ANNOTATION_ALLOW, Vary: 'Accept' };

/**
 * One annotation. `Accept: application/ld+json` (with or without the Web Annotation profile) →
 * its W3C JSON-LD, as the Annotation Protocol asks; otherwise Assay's own JSON. HEAD answers the
 * same headers (Next.js derives it from GET).
 */
export const GET = (request: Request, { params }: Context) =>
  respond(async () => {
    const actor = await getActor();
    const { id } = await params;
    if (wantsJsonLd(request.headers.get('accept'))) {
      const { body, version } = await annotationResource(actor, id, new URL(request.url).origin);
      return new Response(JSON.stringify(body), { headers: { 'Content-Type': MEDIA_TYPE, ETag: `"${version}"`, ...protocolHeaders } });
    }
    const annotation = await getAnnotation(actor, id);
    return NextResponse.json(annotation, { headers: { ETag: `"${annotation.version}"`, ...protocolHeaders } });
  });

export const PATCH = (request: Request, { params }: Context) =>
  respond(async () => {
    const actor = requireWriter(await getActor());
    const annotation = await updateAnnotation(actor, (await params).id, ifMatch(request), await readJson(request));
    return NextResponse.json(annotation, { headers: { ETag: `"${annotation.version}"` } });
  });

export const DELETE = (request: Request, { params }: Context) =>
  respond(async () => {
    await deleteAnnotation(await getActor(), (await params).id, ifMatch(request));
    return new Response(null, { status: 204 });
  });

export const OPTIONS = () => new Response(null, { status: 204, headers: protocolHeaders });

export const { POST, PUT } = otherMethods('GET', 'PATCH', 'DELETE');
