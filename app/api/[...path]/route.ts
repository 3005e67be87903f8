import { jsonError } from '@/lib/http';

// Any /api path no route serves: a JSON 404 like every other error, not the HTML page.
const notFound = (request: Request) => jsonError(404, 'NOT_FOUND', `No such API route: ${new URL(request.url).pathname}`);

export { notFound as GET, notFound as HEAD, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as OPTIONS };
