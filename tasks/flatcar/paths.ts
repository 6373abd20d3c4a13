// Where a Flatcar host keeps what haka adds: system extension images in the sysext-bakery layout
// (/opt/extensions/NAME/NAME-VERSION-ARCH.raw, linked from /etc/extensions/NAME.raw) and the
// update reboot window in /etc/flatcar/update.conf. Nothing under /usr: it is read-only there.
import { posix } from 'node:path';
import { SYSEXT_IMAGE_DIR, SYSEXT_LINK_DIR } from '../../src/facts/sysext.js';
import type { SysextComponent, SysextImageSource } from '../../src/inventory/types.js';
import { SYSEXT_COMPONENTS } from '../../src/inventory/flatcar-schema.js';
import type { ServiceName } from '../../src/change/types.js';
import { originalPath, UPDATE_CONF } from '../paths.js';

export { UPDATE_CONF };

/** Flatcar's files haka reads (fact request) besides the common ones. */
export const FLATCAR_FILES: readonly string[] = [
  UPDATE_CONF,
  originalPath(UPDATE_CONF),
  '/etc/flatcar',
];

export function imageFolder(name: SysextComponent | string): string {
  return posix.join(SYSEXT_IMAGE_DIR, name);
}

const baseName = (image: SysextImageSource): string =>
  `${image.name}-${image.version}-${image.arch}`;

/** The image file on the host (a .tar directory image is kept beside its unpacked folder). */
export function imagePath(image: SysextImageSource): string {
  return posix.join(imageFolder(image.name), `${baseName(image)}.${image.format}`);
}

/** What the link points at: the .raw file, or the folder a .tar image was unpacked to. */
export function imageTarget(image: SysextImageSource): string {
  return image.format === 'raw'
    ? imagePath(image)
    : posix.join(imageFolder(image.name), baseName(image));
}

/** systemd-sysext names an extension after the link: NAME.raw for a file, NAME for a folder. */
export function linkPath(name: string, format: 'raw' | 'tar'): string {
  return posix.join(SYSEXT_LINK_DIR, format === 'raw' ? `${name}.raw` : name);
}

/** The service whose program an image holds (socat only serves the health probes). */
export function serviceOfImage(name: string): ServiceName | null {
  return name === 'haproxy' || name === 'keepalived' ? name : null;
}

/** The component a link in /etc/extensions names: NAME.raw or NAME. */
export function componentOfLink(link: string): string {
  return posix.basename(link).replace(/\.raw$/, '');
}

/**
 * Every image link an install can replace, so every link the last known good set can keep
 * (kept as a link, or as an `.absent` marker when there was none).
 */
export const RESTORABLE_LINKS: readonly string[] = SYSEXT_COMPONENTS.flatMap((name) => [
  linkPath(name, 'raw'),
  linkPath(name, 'tar'),
]);
