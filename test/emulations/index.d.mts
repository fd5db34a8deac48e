import type { Emulation } from './emulation.d.mts';

export declare const EMULATIONS: Emulation[];
export declare function emulationFor(url: URL): Emulation | undefined;
