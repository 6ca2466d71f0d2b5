// Types of runner.mjs for the TypeScript that imports it (test/fuzz/fuzz.test.ts).

/** An entry of known_libtorch_crashes.json. */
export interface KnownCrash { op: string; signal: string; reason: string; found: string; python: string; tags?: string[] }
/** An entry of known_python_hangs.json. */
export interface KnownHang { label: string; pattern: string; reason: string; python: string }
/** What check_python_crash.py says of a program. */
export interface PythonCheck { crashed: boolean; outcome: string; signal?: string | null; [key: string]: unknown }
/** The outcome of a fuzz campaign. */
export interface FuzzReport {
  seed: number; start: number; calls: number; elapsedMs: number;
  counts: { returned: number; 'js-error': number; crash: number; hang: number };
  errorNames: Record<string, number>; asyncErrors: number;
  genErrors: unknown[]; slow: unknown[]; signatures: unknown[]; ok: boolean;
}
export interface FuzzOptions {
  seed?: number; start?: number; calls?: number; jobs?: number; batch?: number;
  callTimeoutMs?: number; confirmTimeoutMs?: number; memoryKb?: number; heapMb?: number;
  known?: KnownCrash[]; knownHangs?: KnownHang[]; log?: (line: string) => void;
}

export function loadKnownCrashes(): KnownCrash[];
export function loadKnownHangs(): KnownHang[];
export function runFuzz(options?: FuzzOptions): Promise<FuzzReport>;
export function checkPython(program: string, options?: { timeout?: number }): Promise<PythonCheck>;
export function formatReport(r: FuzzReport, options?: { repros?: boolean }): string;
