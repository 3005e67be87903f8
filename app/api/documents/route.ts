import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { listDocuments } from '@/lib/documents/service';
import { otherMethods, respond } from '@/lib/http';

export const GET = () => respond(async () => NextResponse.json(await listDocuments(await getActor())));

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
