/*
 * radical_lookalikes.c - table from CJK Radicals Supplement characters to
 * unified ideographs (see radical_lookalikes.h).
 */
#include "radical_lookalikes.h"

#include <stddef.h>

#define SUPPLEMENT_FIRST 0x2E80u
#define SUPPLEMENT_LAST 0x2EF3u

/* Indexed by codepoint - U+2E80; 0: no free-standing equivalent. */
static const unsigned short supplement_targets[SUPPLEMENT_LAST - SUPPLEMENT_FIRST + 1] = {
    [0x2E81 - SUPPLEMENT_FIRST] = 0x5382, /* ⺁ CLIFF -> 厂 */
    [0x2E82 - SUPPLEMENT_FIRST] = 0x4E5B, /* ⺂ SECOND ONE -> 乛 */
    [0x2E83 - SUPPLEMENT_FIRST] = 0x4E5A, /* ⺃ SECOND TWO -> 乚 */
    [0x2E84 - SUPPLEMENT_FIRST] = 0x4E59, /* ⺄ SECOND THREE -> 乙 */
    [0x2E85 - SUPPLEMENT_FIRST] = 0x4EBB, /* ⺅ PERSON -> 亻 */
    [0x2E86 - SUPPLEMENT_FIRST] = 0x5182, /* ⺆ BOX -> 冂 */
    [0x2E87 - SUPPLEMENT_FIRST] = 0x51E0, /* ⺇ TABLE -> 几 */
    [0x2E88 - SUPPLEMENT_FIRST] = 0x5200, /* ⺈ KNIFE ONE -> 刀 */
    [0x2E89 - SUPPLEMENT_FIRST] = 0x5202, /* ⺉ KNIFE TWO -> 刂 */
    [0x2E8A - SUPPLEMENT_FIRST] = 0x535C, /* ⺊ DIVINATION -> 卜 */
    [0x2E8B - SUPPLEMENT_FIRST] = 0x353E, /* ⺋ SEAL -> 㔾 */
    [0x2E8C - SUPPLEMENT_FIRST] = 0x5C0F, /* ⺌ SMALL ONE -> 小 */
    [0x2E8D - SUPPLEMENT_FIRST] = 0x5C0F, /* ⺍ SMALL TWO -> 小 */
    [0x2E8E - SUPPLEMENT_FIRST] = 0x5C22, /* ⺎ LAME ONE -> 尢 */
    [0x2E8F - SUPPLEMENT_FIRST] = 0x5C23, /* ⺏ LAME TWO -> 尣 */
    [0x2E90 - SUPPLEMENT_FIRST] = 0x5C22, /* ⺐ LAME THREE -> 尢 */
    [0x2E91 - SUPPLEMENT_FIRST] = 0x5C23, /* ⺑ LAME FOUR -> 尣 */
    [0x2E92 - SUPPLEMENT_FIRST] = 0x5DF3, /* ⺒ SNAKE -> 巳 */
    [0x2E93 - SUPPLEMENT_FIRST] = 0x5E7A, /* ⺓ THREAD -> 幺 */
    [0x2E94 - SUPPLEMENT_FIRST] = 0x5F51, /* ⺔ SNOUT ONE -> 彑 */
    [0x2E95 - SUPPLEMENT_FIRST] = 0x5F50, /* ⺕ SNOUT TWO -> 彐 */
    [0x2E96 - SUPPLEMENT_FIRST] = 0x5FC4, /* ⺖ HEART ONE -> 忄 */
    [0x2E97 - SUPPLEMENT_FIRST] = 0x5FC3, /* ⺗ HEART TWO -> 心 */
    [0x2E98 - SUPPLEMENT_FIRST] = 0x624C, /* ⺘ HAND -> 扌 */
    [0x2E99 - SUPPLEMENT_FIRST] = 0x6535, /* ⺙ RAP -> 攵 */
    [0x2E9B - SUPPLEMENT_FIRST] = 0x65E1, /* ⺛ CHOKE -> 旡 */
    [0x2E9C - SUPPLEMENT_FIRST] = 0x65E5, /* ⺜ SUN -> 日 */
    [0x2E9D - SUPPLEMENT_FIRST] = 0x6708, /* ⺝ MOON -> 月 */
    [0x2E9E - SUPPLEMENT_FIRST] = 0x6B7A, /* ⺞ DEATH -> 歺 */
    [0x2E9F - SUPPLEMENT_FIRST] = 0x6BCD, /* ⺟ MOTHER -> 母 (as NFKC) */
    [0x2EA0 - SUPPLEMENT_FIRST] = 0x6C11, /* ⺠ CIVILIAN -> 民 */
    [0x2EA1 - SUPPLEMENT_FIRST] = 0x6C35, /* ⺡ WATER ONE -> 氵 */
    [0x2EA2 - SUPPLEMENT_FIRST] = 0x6C34, /* ⺢ WATER TWO -> 水 */
    [0x2EA3 - SUPPLEMENT_FIRST] = 0x706C, /* ⺣ FIRE -> 灬 */
    [0x2EA4 - SUPPLEMENT_FIRST] = 0x722B, /* ⺤ PAW ONE -> 爫 */
    [0x2EA5 - SUPPLEMENT_FIRST] = 0x722B, /* ⺥ PAW TWO -> 爫 */
    [0x2EA6 - SUPPLEMENT_FIRST] = 0x4E2C, /* ⺦ SIMPLIFIED HALF TREE TRUNK -> 丬 */
    [0x2EA7 - SUPPLEMENT_FIRST] = 0x725B, /* ⺧ COW -> 牛 */
    [0x2EA8 - SUPPLEMENT_FIRST] = 0x72AD, /* ⺨ DOG -> 犭 */
    [0x2EA9 - SUPPLEMENT_FIRST] = 0x738B, /* ⺩ JADE -> 王 */
    [0x2EAA - SUPPLEMENT_FIRST] = 0x758B, /* ⺪ BOLT OF CLOTH -> 疋 */
    [0x2EAB - SUPPLEMENT_FIRST] = 0x76EE, /* ⺫ EYE -> 目 */
    [0x2EAC - SUPPLEMENT_FIRST] = 0x793A, /* ⺬ SPIRIT ONE -> 示 */
    [0x2EAD - SUPPLEMENT_FIRST] = 0x793B, /* ⺭ SPIRIT TWO -> 礻 */
    [0x2EAE - SUPPLEMENT_FIRST] = 0x7AF9, /* ⺮ BAMBOO -> 竹 */
    [0x2EAF - SUPPLEMENT_FIRST] = 0x7CF8, /* ⺯ SILK -> 糸 */
    [0x2EB0 - SUPPLEMENT_FIRST] = 0x7E9F, /* ⺰ C-SIMPLIFIED SILK -> 纟 */
    [0x2EB1 - SUPPLEMENT_FIRST] = 0x7F53, /* ⺱ NET ONE -> 罓 */
    [0x2EB2 - SUPPLEMENT_FIRST] = 0x7F52, /* ⺲ NET TWO -> 罒 */
    [0x2EB3 - SUPPLEMENT_FIRST] = 0x7F51, /* ⺳ NET THREE -> 网 */
    [0x2EB4 - SUPPLEMENT_FIRST] = 0x7F51, /* ⺴ NET FOUR -> 网 */
    [0x2EB5 - SUPPLEMENT_FIRST] = 0x7F51, /* ⺵ MESH -> 网 */
    [0x2EB6 - SUPPLEMENT_FIRST] = 0x7F8A, /* ⺶ SHEEP -> 羊 */
    [0x2EB7 - SUPPLEMENT_FIRST] = 0x7F8A, /* ⺷ RAM -> 羊 */
    [0x2EB8 - SUPPLEMENT_FIRST] = 0x7F8A, /* ⺸ EWE -> 羊 */
    [0x2EB9 - SUPPLEMENT_FIRST] = 0x8002, /* ⺹ OLD -> 耂 */
    [0x2EBA - SUPPLEMENT_FIRST] = 0x8080, /* ⺺ BRUSH ONE -> 肀 */
    [0x2EBB - SUPPLEMENT_FIRST] = 0x807F, /* ⺻ BRUSH TWO -> 聿 */
    [0x2EBC - SUPPLEMENT_FIRST] = 0x8089, /* ⺼ MEAT -> 肉 */
    [0x2EBD - SUPPLEMENT_FIRST] = 0x81FC, /* ⺽ MORTAR -> 臼 */
    [0x2EBE - SUPPLEMENT_FIRST] = 0x8279, /* ⺾ GRASS ONE -> 艹 */
    [0x2EBF - SUPPLEMENT_FIRST] = 0x8279, /* ⺿ GRASS TWO -> 艹 */
    [0x2EC0 - SUPPLEMENT_FIRST] = 0x8279, /* ⻀ GRASS THREE -> 艹 */
    [0x2EC1 - SUPPLEMENT_FIRST] = 0x864E, /* ⻁ TIGER -> 虎 */
    [0x2EC2 - SUPPLEMENT_FIRST] = 0x8864, /* ⻂ CLOTHES -> 衤 */
    [0x2EC3 - SUPPLEMENT_FIRST] = 0x8980, /* ⻃ WEST ONE -> 覀 */
    [0x2EC4 - SUPPLEMENT_FIRST] = 0x897F, /* ⻄ WEST TWO -> 西 */
    [0x2EC5 - SUPPLEMENT_FIRST] = 0x89C1, /* ⻅ C-SIMPLIFIED SEE -> 见 */
    [0x2EC6 - SUPPLEMENT_FIRST] = 0x89D2, /* ⻆ SIMPLIFIED HORN -> 角 */
    [0x2EC7 - SUPPLEMENT_FIRST] = 0x89D2, /* ⻇ HORN -> 角 */
    [0x2EC8 - SUPPLEMENT_FIRST] = 0x8BA0, /* ⻈ C-SIMPLIFIED SPEECH -> 讠 */
    [0x2EC9 - SUPPLEMENT_FIRST] = 0x8D1D, /* ⻉ C-SIMPLIFIED SHELL -> 贝 */
    [0x2ECA - SUPPLEMENT_FIRST] = 0x8DB3, /* ⻊ FOOT -> 足 */
    [0x2ECB - SUPPLEMENT_FIRST] = 0x8F66, /* ⻋ C-SIMPLIFIED CART -> 车 */
    [0x2ECC - SUPPLEMENT_FIRST] = 0x8FB6, /* ⻌ SIMPLIFIED WALK -> 辶 */
    [0x2ECD - SUPPLEMENT_FIRST] = 0x8FB6, /* ⻍ WALK ONE -> 辶 */
    [0x2ECE - SUPPLEMENT_FIRST] = 0x8FB6, /* ⻎ WALK TWO -> 辶 */
    [0x2ECF - SUPPLEMENT_FIRST] = 0x961D, /* ⻏ CITY -> 阝 */
    [0x2ED0 - SUPPLEMENT_FIRST] = 0x9485, /* ⻐ C-SIMPLIFIED GOLD -> 钅 */
    [0x2ED1 - SUPPLEMENT_FIRST] = 0x9577, /* ⻑ LONG ONE -> 長 */
    [0x2ED2 - SUPPLEMENT_FIRST] = 0x9578, /* ⻒ LONG TWO -> 镸 */
    [0x2ED3 - SUPPLEMENT_FIRST] = 0x957F, /* ⻓ C-SIMPLIFIED LONG -> 长 */
    [0x2ED4 - SUPPLEMENT_FIRST] = 0x95E8, /* ⻔ C-SIMPLIFIED GATE -> 门 */
    [0x2ED5 - SUPPLEMENT_FIRST] = 0x961C, /* ⻕ MOUND ONE -> 阜 */
    [0x2ED6 - SUPPLEMENT_FIRST] = 0x961D, /* ⻖ MOUND TWO -> 阝 */
    [0x2ED7 - SUPPLEMENT_FIRST] = 0x96E8, /* ⻗ RAIN -> 雨 */
    [0x2ED8 - SUPPLEMENT_FIRST] = 0x9752, /* ⻘ BLUE -> 青 */
    [0x2ED9 - SUPPLEMENT_FIRST] = 0x97E6, /* ⻙ C-SIMPLIFIED TANNED LEATHER -> 韦 */
    [0x2EDA - SUPPLEMENT_FIRST] = 0x9875, /* ⻚ C-SIMPLIFIED LEAF -> 页 */
    [0x2EDB - SUPPLEMENT_FIRST] = 0x98CE, /* ⻛ C-SIMPLIFIED WIND -> 风 */
    [0x2EDC - SUPPLEMENT_FIRST] = 0x98DE, /* ⻜ C-SIMPLIFIED FLY -> 飞 */
    [0x2EDD - SUPPLEMENT_FIRST] = 0x98DF, /* ⻝ EAT ONE -> 食 */
    [0x2EDE - SUPPLEMENT_FIRST] = 0x98DF, /* ⻞ EAT TWO -> 食 */
    [0x2EDF - SUPPLEMENT_FIRST] = 0x98E0, /* ⻟ EAT THREE -> 飠 */
    [0x2EE0 - SUPPLEMENT_FIRST] = 0x9963, /* ⻠ C-SIMPLIFIED EAT -> 饣 */
    [0x2EE1 - SUPPLEMENT_FIRST] = 0x9996, /* ⻡ HEAD -> 首 */
    [0x2EE2 - SUPPLEMENT_FIRST] = 0x9A6C, /* ⻢ C-SIMPLIFIED HORSE -> 马 */
    [0x2EE3 - SUPPLEMENT_FIRST] = 0x9AA8, /* ⻣ BONE -> 骨 */
    [0x2EE4 - SUPPLEMENT_FIRST] = 0x9B3C, /* ⻤ GHOST -> 鬼 */
    [0x2EE5 - SUPPLEMENT_FIRST] = 0x9C7C, /* ⻥ C-SIMPLIFIED FISH -> 鱼 */
    [0x2EE6 - SUPPLEMENT_FIRST] = 0x9E1F, /* ⻦ C-SIMPLIFIED BIRD -> 鸟 */
    [0x2EE7 - SUPPLEMENT_FIRST] = 0x5364, /* ⻧ C-SIMPLIFIED SALT -> 卤 */
    [0x2EE8 - SUPPLEMENT_FIRST] = 0x9EA6, /* ⻨ SIMPLIFIED WHEAT -> 麦 */
    [0x2EE9 - SUPPLEMENT_FIRST] = 0x9EC4, /* ⻩ SIMPLIFIED YELLOW -> 黄 */
    [0x2EEA - SUPPLEMENT_FIRST] = 0x9EFE, /* ⻪ C-SIMPLIFIED FROG -> 黾 */
    [0x2EEB - SUPPLEMENT_FIRST] = 0x6589, /* ⻫ J-SIMPLIFIED EVEN -> 斉 */
    [0x2EEC - SUPPLEMENT_FIRST] = 0x9F50, /* ⻬ C-SIMPLIFIED EVEN -> 齐 */
    [0x2EED - SUPPLEMENT_FIRST] = 0x6B6F, /* ⻭ J-SIMPLIFIED TOOTH -> 歯 */
    [0x2EEE - SUPPLEMENT_FIRST] = 0x9F7F, /* ⻮ C-SIMPLIFIED TOOTH -> 齿 */
    [0x2EEF - SUPPLEMENT_FIRST] = 0x7ADC, /* ⻯ J-SIMPLIFIED DRAGON -> 竜 */
    [0x2EF0 - SUPPLEMENT_FIRST] = 0x9F99, /* ⻰ C-SIMPLIFIED DRAGON -> 龙 */
    [0x2EF1 - SUPPLEMENT_FIRST] = 0x9F9C, /* ⻱ TURTLE -> 龜 */
    [0x2EF2 - SUPPLEMENT_FIRST] = 0x4E80, /* ⻲ J-SIMPLIFIED TURTLE -> 亀 */
    [0x2EF3 - SUPPLEMENT_FIRST] = 0x9F9F, /* ⻳ C-SIMPLIFIED TURTLE -> 龟 (as NFKC) */
};

unsigned int radical_lookalike_target(unsigned int codepoint)
{
    if (codepoint < SUPPLEMENT_FIRST || codepoint > SUPPLEMENT_LAST)
        return 0;
    return supplement_targets[codepoint - SUPPLEMENT_FIRST];
}
