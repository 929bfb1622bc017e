/**
 * The words a permission answer is read from — an allow-list. An answer
 * approves only when it is made of these whole phrases and nothing else;
 * every other word (a condition, a time, "but", an emoji that is not an
 * approval sign) leaves it unclear. English and Chinese (简/繁) only: the
 * mail asks in those two, and a yes in any other language is unclear rather
 * than guessed. Lower case, NFKC, one space between words.
 */

/** Mean "yes, run it once". Idioms that hold a negation ("no problem", "没问题") are whole phrases here, never read word by word. */
export const APPROVE = [
	'yes', 'y', 'yeah', 'yea', 'yep', 'yup', 'yes sir', 'aye', 'ok', 'okay', 'okey', 'k', 'kk', 'sure', 'sure thing', 'of course', 'certainly', 'absolutely', 'definitely',
	'approve', 'approved', 'i approve', 'approve it', 'allow', 'allowed', 'allow it', 'accept', 'accepted', 'agree', 'agreed', 'confirm', 'confirmed', 'granted', 'affirmative',
	'go', 'go ahead', 'go on', 'go for it', 'do it', 'run it', 'proceed', 'please proceed', 'continue', 'carry on', "let's go", "let's do it", 'ship it',
	'fine', "that's fine", 'fine by me', 'lgtm', 'looks good', 'looks good to me', 'sounds good', 'good', 'great', 'perfect', 'alright', 'all right',
	'no problem', 'not a problem', 'no prob', 'np', 'no worries', 'why not', 'nothing to worry about',
	'批准', '同意', '可以', '可以的', '可以啊', '可以呀', '好', '好的', '好滴', '好嘞', '好啊', '好呀', '好吧', '好好', '好的好的', '是', '是的', '是啊', '是呀', '对的', '對的', '对啊', '對啊', '行', '行的', '行吧', '行啊', '可',
	'允许', '允許', '确认', '確認', '确定', '確定', '核准', '准', '准了', '放行', '嗯', '嗯嗯', '对', '對', '中', '当然', '當然', '当然可以', '當然可以',
	'没问题', '沒問題', '没事', '沒事', '没关系', '沒關係', '没毛病', '沒毛病', '不错', '不錯', '继续', '繼續', '执行', '執行', '执行吧', '執行吧', '运行吧', '運行吧', '跑吧', '做吧', '去吧', '来吧', '來吧',
	'👍', '👌', '✅', '✔', '☑', '✓', '🆗', '🙆',
];

/** Mean "yes, and don't ask again" — Claude Code's own words for that option included. */
export const ALWAYS = [
	'always', 'always allow', 'allow always', 'always allow it', 'always allow this', 'yes always', "and don't ask again", "don't ask again", 'and do not ask again', 'do not ask again', "yes and don't ask again", 'and always allow',
	'总是允许', '始终允许', '一直允许', '永远允许', '總是允許', '始終允許', '一直允許', '永遠允許', '一律允许', '一律允許', '总是', '總是', '以后都允许', '以後都允許',
];

/** Carry no meaning of their own beside a yes or no: "Yes, please.", "好的，谢谢", "yes 🙂". */
export const POLITE = [
	'please', 'pls', 'plz', 'thanks', 'thank you', 'thank you very much', 'thanks a lot', 'many thanks', 'thx', 'ty', 'ta', 'cheers', 'and', 'then', 'thank u',
	'谢谢', '謝謝', '谢了', '謝了', '谢谢你', '謝謝你', '感谢', '感謝', '多谢', '多謝', '辛苦了', '麻烦了', '麻煩了', '请', '請', '吧', '啊', '呀', '啦', '哈', '哦', '喔',
	'🙂', '😊', '😀', '😃', '😄', '🙏',
];

/** Closing words of a signature or a last line: "Best,", "Regards", "此致敬礼". */
export const CLOSING = ['best', 'best regards', 'kind regards', 'regards', 'warm regards', 'sincerely', 'br', 'cheers', 'thanks', 'thank you', 'many thanks', 'all the best', 'cordially',
	'谢谢', '謝謝', '此致', '敬礼', '敬禮', '此致敬礼', '此致敬禮', '祝好', '顺祝商祺', '順祝商祺'];

/**
 * Say yes in other languages. Never approve (the answer is unclear), but a refusal
 * word beside one makes the answer "yes and no", not a refusal ("Sí, pero todavía no").
 */
export const FOREIGN_YES = ['ja', 'jawohl', 'genau', 'oui', "d'accord", 'si', 'sí', 'claro', 'vale', 'sim', 'certo', 'да', 'ага', 'так', 'tak', 'evet', 'ναι', 'igen', 'ano', 'kyllä',
	'ya', 'iya', 'haan', 'हाँ', 'نعم', 'כן', 'vâng', 'có', 'はい', 'ええ', 'うん', 'いいよ', '네', '예', '응', '좋아요', 'okej', 'oké', 'okey-dokey'];

/** English refusal words, matched as whole words (so "note" or "nothing" never count as "no"/"not"). */
export const NO_EN = ['no', 'n', 'nope', 'nah', 'nay', 'not', 'never', 'stop', 'wait', 'cancel', 'cancelled', 'canceled', 'deny', 'denied', 'reject', 'rejected', 'refuse', 'refused', 'decline', 'declined', 'abort', 'halt', 'hold', 'skip', 'veto', 'negative', 'cannot', 'without',
	"don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt', "won't", 'wont', "can't", 'cant', "shouldn't", 'shouldnt', "mustn't", 'mustnt', "isn't", 'isnt', "aren't", "wouldn't", "couldn't", 'nothing', 'none'];
/** Chinese refusal marks, matched anywhere: Chinese has no spaces, and 不/别/没 start nearly every negation. */
export const NO_ZH = ['不', '别', '別', '没', '沒', '否', '拒', '停', '等', '取消', '算了', '暂缓', '暫緩', '禁止', '莫', '勿', '甭', '休想', '免了'];

/**
 * Phrases taken out before looking for a refusal word: they hold one but do not refuse. The
 * "don't ask again" family says "always", and "不用问了" may mean always or just yes — read
 * as a yes sign, never as a complete answer, so "不用问了，删吧" is unclear, not a refusal.
 */
export const NOT_REFUSALS = ['no problem', 'not a problem', 'no prob', 'no worries', 'why not', 'nothing to worry about', "don't ask again", 'do not ask again', "don't ask me again",
	'没问题', '沒問題', '没事', '沒事', '没关系', '沒關係', '没毛病', '沒毛病', '不错', '不錯', '不用问了', '不用問了', '不用再问', '不用再問', '别再问', '別再問', '不要再问', '不要再問', '不客气', '不客氣'];
