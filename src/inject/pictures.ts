/**
 * Pictures from a verified reply, handed to Claude Code the way it reads a
 * picture in a prompt: the file is saved under TaskPing's state (names chosen
 * here, mode 0600), and the prompt mentions it as `@/absolute/path.png`.
 * Checked on the real CLI (2.1.197): an `@path` mention of an image file,
 * anywhere in a pasted prompt and also outside the project, reaches the
 * Messages API as an image block; the bare path only when it is pasted alone.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from '../fs/atomic.js';

/** A picture as Claude takes it; reply/attachments.ts decides which attachments are ones. */
export type PictureType = 'png' | 'jpeg' | 'gif' | 'webp';

export interface Picture { type: PictureType; content: Buffer }

/** Pictures are kept a week (Claude reads them when the prompt is submitted; the transcript keeps its own copy). */
const KEEP_MS = 7 * 24 * 3600_000;

const EXTENSIONS: Record<Picture['type'], string> = { png: 'png', jpeg: 'jpg', gif: 'gif', webp: 'webp' };

/** A path Claude Code's @-mention takes as one token: no spaces, quotes or shell-ish characters. */
export const isMentionablePath = (path: string): boolean => /^\/[A-Za-z0-9._/~+-]+$/.test(path);

export const picturesDirOf = (stateDir: string) => join(stateDir, 'pictures');

/** Saves the pictures (0600, in a 0700 folder) and returns their paths; old ones are removed first. */
export function savePictures(stateDir: string, pictures: readonly Picture[], now = new Date()): string[] {
	const dir = picturesDirOf(stateDir);
	ensurePrivateDir(dir);
	prunePictures(dir, now);
	const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
	return pictures.map((picture, index) => {
		const path = join(dir, `${stamp}-${randomBytes(4).toString('hex')}-${index + 1}.${EXTENSIONS[picture.type]}`);
		writeFileSync(path, picture.content, { mode: 0o600, flag: 'wx' });
		return path;
	});
}

function prunePictures(dir: string, now: Date): void {
	for (const name of readdirSync(dir)) {
		try {
			if (now.getTime() - statSync(join(dir, name)).mtimeMs > KEEP_MS) unlinkSync(join(dir, name));
		} catch {
			// removed meanwhile
		}
	}
}

/**
 * The prompt as typed: the @-mentions first, then the person's text. Never a
 * mention last: with the cursor right after one, Claude Code's file
 * completion is open and the Enter that should submit picks a completion
 * instead (seen on the real CLI).
 */
export function withPictureMentions(text: string, paths: readonly string[]): string {
	return paths.length ? `${paths.map((path) => `@${path}`).join(' ')}\n${text}` : text;
}

/** The prompt to type for a reply with pictures, or why the pictures cannot go (the reply is then not typed at all). */
export function promptWithPictures(stateDir: string, text: string, pictures: readonly Picture[], now = new Date()): { text: string } | { reason: string; detail: string } {
	if (pictures.length === 0) return { text };
	if (!isMentionablePath(picturesDirOf(stateDir))) return { reason: 'picture-path', detail: `the state folder ${picturesDirOf(stateDir)} has characters Claude Code's @-mention cannot take` };
	try {
		return { text: withPictureMentions(text, savePictures(stateDir, pictures, now)) };
	} catch (error) {
		return { reason: 'picture-not-saved', detail: (error as Error).message };
	}
}
