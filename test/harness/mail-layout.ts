/** Where a test mail server run keeps its files: one temp dir, Dovecot's and Postfix's configs, queues, sockets and logs. */
import { join } from 'node:path';

export const HOST = '127.0.0.1' as const;
export const MYHOSTNAME = 'mx.taskping.test';

/** The mail domain of an address, lower case. */
export const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export interface Layout {
	dir: string;
	logs: string;
	dovecotConf: string;
	dovecotUsers: string;
	dovecotBase: string;
	dovecotState: string;
	mail: string;
	lmtpSocket: string;
	authSocket: string;
	postfixEtc: string;
	postfixQueue: string;
	postfixData: string;
	dovecotLog: string;
	postfixLog: string;
	dovecotStderr: string;
	postfixStderr: string;
	supervisor: string;
}

export function makeLayout(dir: string): Layout {
	const logs = join(dir, 'logs');
	const dovecotBase = join(dir, 'dovecot', 'run');
	return {
		dir,
		logs,
		dovecotConf: join(dir, 'dovecot', 'dovecot.conf'),
		dovecotUsers: join(dir, 'dovecot', 'users'),
		dovecotBase,
		dovecotState: join(dir, 'dovecot', 'state'),
		mail: join(dir, 'mail'),
		lmtpSocket: join(dovecotBase, 'lmtp'),
		authSocket: join(dovecotBase, 'auth-postfix'),
		postfixEtc: join(dir, 'postfix', 'etc'),
		postfixQueue: join(dir, 'postfix', 'queue'),
		postfixData: join(dir, 'postfix', 'data'),
		dovecotLog: join(logs, 'dovecot.log'),
		postfixLog: join(logs, 'postfix.log'),
		dovecotStderr: join(logs, 'dovecot.stderr'),
		postfixStderr: join(logs, 'postfix.stderr'),
		supervisor: join(dir, 'supervise.sh'),
	};
}

