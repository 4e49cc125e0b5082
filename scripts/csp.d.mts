export declare function parseSyncOrigins(text?: string): string[];
export declare function contentSecurityPolicy(syncOrigins?: readonly string[]): string;
export declare function syncOriginsOf(policy: string): string[];
export declare const CONTENT_SECURITY_POLICY: string;
