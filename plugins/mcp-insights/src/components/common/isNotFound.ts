/** Whether the backend answered 404 (a `ResponseError`): the server or team is not known to it yet. */
export function isNotFound(error: unknown): boolean {
  return (
    (error as { response?: { status?: number } } | undefined)?.response
      ?.status === 404
  );
}
