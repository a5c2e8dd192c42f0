import { onlyMissedStreamDeadlines } from './runConformanceScenario';

describe('onlyMissedStreamDeadlines', () => {
  const deadline = {
    id: 'sep-2575-server-no-log-without-loglevel',
    status: 'FAILURE' as const,
    errorMessage:
      'Logging target endpoint context dropped or failed to yield frame structures',
  };

  it('is true when every failure is a stream read that ran out of its fixed time', () => {
    expect(
      onlyMissedStreamDeadlines([
        { id: 'a', status: 'SUCCESS' },
        deadline,
        {
          id: 'b',
          status: 'WARNING',
          errorMessage:
            'Failed to open or receive frames from the subscriptions/listen stream endpoint',
        },
      ]),
    ).toBe(true);
  });

  it('is false when a run passed or failed for any other reason', () => {
    expect(onlyMissedStreamDeadlines([{ id: 'a', status: 'SUCCESS' }])).toBe(
      false,
    );
    expect(
      onlyMissedStreamDeadlines([
        deadline,
        {
          id: 'sep-2575-http-server-method-not-found-404',
          status: 'FAILURE',
          errorMessage:
            'Expected HTTP 404 and JSON-RPC error code -32601, got HTTP 200 and code undefined',
        },
      ]),
    ).toBe(false);
    // A server that logs without being asked fails on what it sent, not on a deadline.
    expect(
      onlyMissedStreamDeadlines([
        {
          id: 'sep-2575-server-no-log-without-loglevel',
          status: 'FAILURE',
          errorMessage:
            'Server dispatched a notifications/message payload chunk even though the client request did not authorize a log level context descriptor',
        },
      ]),
    ).toBe(false);
  });
});
