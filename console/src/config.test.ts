import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config';

describe('resolveConfig', () => {
  it("uses the page's own origin and its /ws when the file leaves them empty, as the local stack does", () => {
    expect(resolveConfig({ apiUrl: '', websocketUrl: '' }, 'http://127.0.0.1:8080')).toEqual({
      apiUrl: 'http://127.0.0.1:8080',
      websocketUrl: 'ws://127.0.0.1:8080/ws',
    });
  });

  it('takes the URLs written at deploy time, without a trailing slash', () => {
    expect(
      resolveConfig(
        { apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/', websocketUrl: 'wss://ws.example.com/live' },
        'https://d111.cloudfront.net',
      ),
    ).toEqual({ apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com', websocketUrl: 'wss://ws.example.com/live' });
  });

  it('means polling only when the deployment names no live channel', () => {
    expect(resolveConfig({ apiUrl: 'https://api.example.com' }, 'https://x').websocketUrl).toBeNull();
    expect(resolveConfig({ apiUrl: 'https://api.example.com', websocketUrl: null }, 'https://x').websocketUrl).toBeNull();
  });
});
