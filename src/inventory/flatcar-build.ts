// `flatcar:` raw → typed settings (defaults, image paths made absolute).
import { resolvePath, type PathContext } from './build.js';
import { SYSEXT_COMPONENTS } from './flatcar-schema.js';
import type { FlatcarSettings, SysextComponent } from './types.js';

export interface RawFlatcarImage {
  source: string;
  sha256: string;
  version: string;
  arch?: string;
}

export interface RawFlatcar {
  images: Record<SysextComponent, RawFlatcarImage>;
  rebootWindow?: { start?: string; lengthMinutes?: number };
}

export const FLATCAR_DEFAULTS = { arch: 'x86-64', windowStart: 'Thu 04:00', windowMinutes: 60 };

const isUrl = (source: string): boolean => /^https?:\/\//.test(source);

export function buildFlatcar(raw: RawFlatcar, context: PathContext): FlatcarSettings {
  return {
    images: SYSEXT_COMPONENTS.map((name) => {
      const image = raw.images[name];
      return {
        name,
        source: isUrl(image.source) ? image.source : resolvePath(image.source, context),
        sha256: image.sha256,
        version: image.version,
        arch: image.arch ?? FLATCAR_DEFAULTS.arch,
        format: image.source.endsWith('.tar') ? 'tar' : 'raw',
      };
    }),
    rebootWindow: {
      start: raw.rebootWindow?.start ?? FLATCAR_DEFAULTS.windowStart,
      lengthMinutes: raw.rebootWindow?.lengthMinutes ?? FLATCAR_DEFAULTS.windowMinutes,
    },
  };
}
