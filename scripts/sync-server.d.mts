import type { Credentials, SyncUser } from './sync-setup.mjs';

export declare const DEFAULT_DATA_DIR: string;
export declare const DEFAULT_CORS_ORIGINS: readonly string[];
export declare const DEFAULT_ADMIN: Credentials;
export declare const DEFAULT_SESSION_TIMEOUT: number;

export interface SyncServerOptions {
  /** 0 picks a free port; default 5984. The server always listens on 127.0.0.1. */
  port?: number;
  /** LevelDB folder (default .data/couch/); ignored with inMemory. */
  dataDir?: string;
  inMemory?: boolean;
  /** Origins allowed by CORS (with credentials); '*' reflects any origin. */
  corsOrigins?: readonly string[];
  /** The server admin; default DEFAULT_ADMIN. */
  admin?: Credentials;
  /** Run setupCouch (databases, _security, design documents, demo users) after starting. */
  setup?: boolean;
  prefix?: string;
  /** Seconds a session lasts after its last request (persistent cookie); default 30 days. */
  sessionTimeout?: number;
  log?: (line: string) => void;
}
export interface SyncServer {
  /** http://127.0.0.1:<port>/ */
  url: string;
  admin: Credentials;
  /** The demo users when started with `setup`, else empty. */
  users: readonly SyncUser[];
  /** Closes all connections and databases; the port is free when it resolves. */
  stop(): Promise<void>;
}
export declare function startSyncServer(options?: SyncServerOptions): Promise<SyncServer>;
/** startSyncServer in a child process (benchmarks); `execArgv` for the child's node. */
export declare function startSyncServerProcess(
  options?: Omit<SyncServerOptions, 'log'> & { execArgv?: string[] },
): Promise<
  SyncServer & {
    pid: number | undefined;
    /** The server process's CPU time so far (process.cpuUsage(), microseconds). */
    cpuUsage(): Promise<{ user: number; system: number }>;
  }
>;
