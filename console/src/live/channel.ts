import type { RequestBudget } from '../api/budget';
import { parseJobEvent, type JobEvent } from './events';

/** What the console is getting updates through right now. */
export type LiveMode = 'connecting' | 'websocket' | 'polling';

/** The part of the browser's WebSocket the channel uses; tests give it a stand-in. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(): void;
}

/** A subscription on the live channel: one job, or all of the tenant's jobs. */
export type Topic = { job: string } | { channel: 'jobs' };

export interface ChannelOptions {
  websocketUrl: string | null;
  token: () => string | null;
  budget: RequestBudget;
  createSocket?: (url: string) => SocketLike;
  /** How long a connect may take before the console polls instead. */
  connectTimeoutMs?: number;
}

const OPEN = 1;
const RECONNECT_MS = 30_000;

/**
 * The live channel with its fallback. When the deployment has a WebSocket endpoint and it accepts the
 * credential, job events arrive pushed and polling drops to a slow safety net; when it does not (no
 * endpoint, a 401 or 404 on the upgrade, a dropped connection), the console polls at the pace the rate
 * limit allows, and tries the socket again later.
 */
export class LiveChannel {
  private socket: SocketLike | null = null;
  private modeNow: LiveMode;
  private readonly listeners = new Set<(event: JobEvent) => void>();
  private readonly modeListeners = new Set<(mode: LiveMode) => void>();
  private readonly topics = new Map<string, number>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly options: ChannelOptions) {
    this.modeNow = options.websocketUrl === null ? 'polling' : 'connecting';
  }

  get mode(): LiveMode {
    return this.modeNow;
  }

  get budget(): RequestBudget {
    return this.options.budget;
  }

  onMode(listener: (mode: LiveMode) => void): () => void {
    this.modeListeners.add(listener);
    return () => this.modeListeners.delete(listener);
  }

  /** Listens for job events on a topic; the socket opens with the first listener. */
  listen(topic: Topic, listener: (event: JobEvent) => void): () => void {
    const key = topicKey(topic);
    this.listeners.add(listener);
    const count = this.topics.get(key) ?? 0;
    this.topics.set(key, count + 1);
    if (count === 0) {
      this.sendTopic('subscribe', topic);
    }
    this.connect();
    return () => {
      this.listeners.delete(listener);
      const left = (this.topics.get(key) ?? 1) - 1;
      if (left <= 0) {
        this.topics.delete(key);
        this.sendTopic('unsubscribe', topic);
      } else {
        this.topics.set(key, left);
      }
    };
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
    }
    this.socket?.close();
    this.socket = null;
  }

  private connect(): void {
    const base = this.options.websocketUrl;
    const token = this.options.token();
    if (this.closed || base === null || this.socket !== null || this.retryTimer !== null) {
      return;
    }
    const url = token === null ? base : `${base}${base.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
    let socket: SocketLike;
    try {
      socket = (this.options.createSocket ?? ((u: string) => new WebSocket(u)))(url);
    } catch {
      this.fallBack();
      return;
    }
    this.socket = socket;
    this.setMode('connecting');
    const timeout = setTimeout(() => {
      if (socket.readyState !== OPEN) {
        socket.close();
        this.dropped(socket);
      }
    }, this.options.connectTimeoutMs ?? 5_000);
    socket.onopen = () => {
      clearTimeout(timeout);
      this.setMode('websocket');
      for (const key of this.topics.keys()) {
        this.sendTopic('subscribe', parseTopic(key));
      }
    };
    socket.onmessage = (message) => {
      if (typeof message.data !== 'string') {
        return;
      }
      const event = parseJobEvent(message.data);
      if (event !== null) {
        this.listeners.forEach((listener) => listener(event));
      }
    };
    socket.onerror = () => {
      clearTimeout(timeout);
      this.dropped(socket);
    };
    socket.onclose = () => {
      clearTimeout(timeout);
      this.dropped(socket);
    };
  }

  private dropped(socket: SocketLike): void {
    if (this.socket !== socket) {
      return;
    }
    this.socket = null;
    this.fallBack();
  }

  private fallBack(): void {
    this.setMode('polling');
    if (!this.closed && this.retryTimer === null) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (this.topics.size > 0) {
          this.connect();
        }
      }, RECONNECT_MS);
    }
  }

  private sendTopic(action: 'subscribe' | 'unsubscribe', topic: Topic): void {
    if (this.socket === null || this.socket.readyState !== OPEN) {
      return;
    }
    // The live-update protocol (asyncapi.json): the message's type, and a job or a list of channels.
    const body =
      'job' in topic ? { type: action, execution_id: topic.job } : { type: action, channels: [topic.channel] };
    this.socket.send(JSON.stringify(body));
  }

  private setMode(mode: LiveMode): void {
    if (mode !== this.modeNow) {
      this.modeNow = mode;
      this.modeListeners.forEach((listener) => listener(mode));
    }
  }
}

function topicKey(topic: Topic): string {
  return 'job' in topic ? `job:${topic.job}` : `channel:${topic.channel}`;
}

function parseTopic(key: string): Topic {
  return key.startsWith('job:') ? { job: key.slice(4) } : { channel: 'jobs' };
}
