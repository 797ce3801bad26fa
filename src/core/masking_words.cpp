#include "masking_words.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

namespace tellus::masking {

namespace {

// ---- Word lists: lower case, accents removed, one space between words. -------------------------

// Words that follow "I'm", "I am", "this is", "je suis", "my name is"... without being a name,
// and capitalised words that are not names (places, nationalities, faiths, languages). A word
// here is never masked as a name unless a title comes before it.
constexpr std::string_view kCommonWords =
    // English: articles, pronouns, prepositions, conjunctions, auxiliaries, adverbs
    "a an the this that these those it its i me my mine we us our you your he him his she her they them their "
    "and or but nor so yet if then than because since as when while where who whom whose which what why how "
    "at in on of to from for with without by about above below under over into onto upon after before "
    "during until till through across near between behind beside against along around among per via "
    "is am are was were be been being do does did done doing have has had having will would shall should "
    "can could may might must ought not no yes never always often still just only also even already "
    "again ever very really too quite rather so such much many more most less least some any all both "
    "each every either neither other another same own here there now today tonight tomorrow yesterday "
    "soon later once twice back away out up down off well ok okay fine sure please thanks thank sorry "
    "hi hello hey dear sir madam everyone everybody someone somebody anyone nobody none nothing something "
    "anything everything one two three four five six seven eight nine ten first second third last next "
    "new old young little big long short good great bad better best worse worst happy glad sad "
    "s t d ll re ve m "
    // English: what follows "I'm" / "I am" in patients' comments
    "tired sick ill unwell waiting writing calling coming going leaving trying hoping looking asking "
    "wondering thinking feeling getting having being sitting standing still here there pregnant "
    "diabetic disabled deaf blind retired unemployed employed married single divorced widowed "
    "grateful thankful pleased satisfied unsatisfied dissatisfied disappointed frustrated upset angry "
    "annoyed worried concerned scared afraid nervous anxious confused surprised shocked impressed "
    "happy unhappy sorry glad sure certain aware able unable allergic sensitive new regular returning "
    "patient patients caregiver parent mother father mom mum dad son daughter wife husband partner "
    "senior elderly student nurse doctor physician volunteer worker teacher resident client visitor "
    "member guardian friend neighbour neighbor family relative sister brother grandmother grandfather "
    "grandma grandpa aunt uncle cousin child baby kid kids man woman lady gentleman person people "
    "writing responding answering filling speaking english french chinese "
    "not important irrelevant unimportant private confidential anonymous withheld known unknown "
    "written listed above below attached same different on file recorded "
    "busy free late early done finished ready happy alone fully partially completely totally "
    "absolutely extremely truly honestly frankly generally usually normally mostly basically "
    "wheelchair bound overweight hard hearing visually impaired immunocompromised "
    "asap again part fan huge big glad hungry thirsty cold hot warm freezing "
    "concerned regarding re about frequent usual ongoing chronic "
    "clinic place service hospital office team staff system way time visit experience day week month year "
    "problem issue question answer survey form kiosk app website site result results appointment "
    "unacceptable acceptable ridiculous terrible horrible awful amazing excellent wonderful fantastic "
    "perfect nice kind rude polite friendly helpful unhelpful professional "
    "job lucky blessed merry christmas holidays easter god bless love "
    // Places, nationalities, faiths, languages
    "canada canadian canadians ontario ontarian quebec quebecois quebecoise toronto ottawa hamilton "
    "london kingston windsor sudbury mississauga brampton markham scarborough etobicoke vaughan oakville "
    "burlington barrie guelph waterloo kitchener niagara oshawa gatineau montreal vancouver "
    "calgary edmonton winnipeg general north south east west central "
    "american british english french chinese indian pakistani filipino filipina punjabi hindi urdu "
    "arabic somali tamil persian iranian afghan syrian korean japanese vietnamese mandarin cantonese "
    "spanish portuguese italian polish russian ukrainian jamaican haitian african european asian "
    "indigenous metis inuit aboriginal native immigrant refugee newcomer "
    "muslim christian catholic jewish hindu sikh buddhist protestant orthodox atheist "
    "francophone anglophone allophone bilingual franco "
    // French
    "je j tu il elle on nous vous ils elles le la les l un une des du de d au aux a en dans sur sous "
    "pour par avec sans chez vers entre pendant depuis avant apres et ou mais donc or ni car que qu qui "
    "quoi dont ce cet cette ces c ca mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs "
    "ne n pas plus jamais rien personne toujours encore deja souvent parfois bien mal tres trop peu "
    "beaucoup assez si aussi ici la oui non merci bonjour bonsoir salut madame monsieur tout tous toute "
    "toutes meme autre autres seul seule deux trois quatre cinq premier premiere dernier derniere "
    "suis es est sommes etes sont etais etait ete etre ai as avons avez ont avais avait eu fait "
    "content contente contents contentes decu decue decus fatigue fatiguee malade malades enceinte "
    "venu venue venus arrive arrivee alle allee reste restee sorti sortie parti partie ne nee "
    "satisfait satisfaite insatisfait heureux heureuse malheureux triste reconnaissant reconnaissante "
    "inquiet inquiete desole desolee diabetique retraite retraitee patient patiente nouveau nouvelle "
    "allergique sourd sourde aveugle handicape handicapee etudiant etudiante mere pere fils fille "
    "femme mari conjoint conjointe enfant parent parente proche aidant aidante infirmier infirmiere "
    "medecin benevole ami amie voisin voisine grand grande petit petite vieux vieille jeune age agee "
    "certain certaine sur sure pret prete seul en train de vraiment tellement vraiment assez "
    "frustre frustree fache fachee surpris surprise choque choquee impressionne impressionnee "
    "nerveux nerveuse stresse stressee confus confuse perdu perdue oblige obligee "
    "canadien canadienne francais francaise quebecois ontarien ontarienne chinois chinoise "
    "arabe anglais anglaise haitien haitienne africain africaine musulman musulmane chretien chretienne "
    "catholique juif juive francophone anglophone franco "
    "important importante inconnu inconnue connu connue dossier liste fiche "
    // Chinese romanised words that are not given names on their own
    "ni hao xie";

// Given names heard in Ontario clinics (English, French, and others common in Canada). Words that
// are also ordinary words ("will", "may", "grace", "hope", "frank") are left out: in lower case
// they stay, capitalised they are masked only when nothing else reads them as a common word.
constexpr std::string_view kGivenNames =
    "aaron abdul abdullah adam adrian ahmad ahmed aidan aisha alan albert alex alexander alexandra "
    "alexis ali alice alicia alison amanda amelia amir amy ana andre andrea andrew angela anita ann anna "
    "anne annie anthony antoine arjun arthur ashley audrey ava barbara benjamin benoit bernard beth "
    "betty beverly bob bonnie brandon brenda brian bruce bryan carl carla carlos carmen carol caroline "
    "carolyn catherine charles charlotte chen cheryl chloe chris christian christina christine "
    "christopher claire claude claudette cynthia daniel danielle david deborah debbie denis denise "
    "dennis diana diane dominique donald donna doris dorothy douglas edward eileen elena elizabeth "
    "ella ellen emily emma eric erin ethan eugene evelyn fatima fatimah fernando fiona francine "
    "francois francoise gabriel gabrielle gail gary genevieve george gerald gilles ginette gloria "
    "gordon gregory gurpreet hamid hannah harold harpreet harry hassan heather helen helene henri "
    "henry hui ian isabelle jack jacob jacqueline jacques james jamie jane janet janice jasmine "
    "jaspreet jason jean jeanne jeff jeffrey jennifer jeremy jessica jill joan joanne joe john "
    "jonathan jose joseph josee joshua joyce juan judith judy julia julie julien justin karen kate "
    "katherine kathleen kathy kayla keith kelly ken kenneth kevin kim kimberly kyle larry laura lauren "
    "lei leo li liam lin linda lisa liu lois lorraine louis louise lucas lucie luc luis lynn madeleine "
    "manon manpreet marc marcel margaret maria marie marilyn mario martha martin mary matthew maurice "
    "megan mei melanie melissa michael michel michele michelle mike ming mohamed mohammad mohammed "
    "monique muhammad nadia nancy natalie nathalie nathan navdeep nicholas nicole noah norma olivia "
    "omar pamela pascal patricia patrick paul paula pauline peter philippe pierre priya rachel raj "
    "rajesh ralph randy raymond rebecca rene renee richard rita robert roger ronald rosa ruth ryan "
    "sabrina samantha samuel sandra sara sarah scott sean sebastien sergio sharon shirley simon sonia "
    "sophie stephanie stephen steve steven susan suzanne sylvie tammy teresa terry theresa thomas "
    "tiffany timothy tina todd tom tony tyler valerie vanessa veronica victoria vincent virginia "
    "walter wayne wei william xin yan yang yasmin ying yusuf yvonne yves zhang zoe "
    "abigail agnes aline andree annette armand beatrice bertrand brigitte celine chantal christiane "
    "colette denise diane eloise emile emilie eveline fabienne florence gaston gerard germaine "
    "gisele guillaume hugues huguette jocelyne josette laurent lise lucien lucille marcelle "
    "martine mathieu mireille nicolas odette raymonde rejean rolande serge solange therese yvette "
    "sanjay sunil anil deepak ravi vijay amit rohit pooja neha sunita kiran simran harjit kuldeep "
    "sandeep parminder balwinder sukhwinder rajinder "
    "oleg olga ivan dmitri irina natasha sergei "
    "omar yousef youssef karim khalid layla leila mariam maryam noor samira zainab hussein ibrahim "
    "kwame kofi ama amara chidi ngozi "
    "jose miguel javier alejandro sofia lucia camila valentina diego";

constexpr std::string_view kTitles =
    "dr doctor docteur dre mr mrs ms miss mx mister missus madame mme monsieur mlle mademoiselle "
    "prof professor professeur sir";

constexpr std::string_view kOrdinalSuffixes = "st nd rd th er re e eme";
constexpr std::string_view kTopLevelDomains =
    "com ca org net edu gov info biz io me us uk fr cn hk tw sg in au nz de be ch it es qc on co mil "
    "int email online health";
constexpr std::string_view kMailProviders =
    "gmail googlemail hotmail outlook live msn yahoo ymail aol icloud me mac sympatico rogers bell "
    "videotron cogeco shaw telus eastlink protonmail proton qq 163 126 sina sohu foxmail yeah";
constexpr std::string_view kAtWords = "at arobase";
constexpr std::string_view kDotWords = "dot point";
constexpr std::string_view kUnits =
    "second seconds sec secs minute minutes min mins hour hours hr hrs h day days week weeks month months "
    "year years yr yrs times dollar dollars buck bucks cent cents percent people persons patients "
    "calls pages steps km kg lb lbs mg ml mm cm units pills tablets visits "
    "seconde secondes heure heures jour jours semaine semaines mois ans annee annees fois "
    "personnes pourcent cents dollars";
constexpr std::string_view kCardWords = "card cards ohip hcn carte cartes assurance ramq";
constexpr std::string_view kPhoneWords =
    "call called calling phone phoned phones telephone tel cell cellphone mobile landline text fax "
    "whatsapp wechat reach reached contact ext extension "
    "appelez appeler appelle rappelez rappeler rappelle telephonez telephoner cellulaire portable "
    "joindre contacter contactez tel";
constexpr std::string_view kBirthWords =
    "born birth birthday birthdate dob bday ne nee naissance anniversaire";
constexpr std::string_view kReferenceWords =
    "invoice invoices receipt order orders reference ref confirmation ticket transaction tracking "
    "claim account acct serial model part policy booking facture commande recu";
constexpr std::string_view kNameParticles = "de du des la le van von der den da di del della dos das bin ibn al el st";
constexpr std::string_view kClosings =
    "thanks thank regards sincerely cheers best merci cordialement salutations amicalement sincerement";
constexpr std::string_view kVersionWords = "version versions ver v build release";
constexpr std::string_view kOfWords = "of de";
constexpr std::string_view kTheWords = "the le";
constexpr std::string_view kWeekdays =
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
    "lundi mardi mercredi jeudi vendredi samedi dimanche";

struct MonthName {
    std::string_view names;
    std::uint8_t month;
};
constexpr MonthName kMonths[] = {
    {"january jan janvier janv", 1},    {"february feb febr fevrier fev fevr", 2},
    {"march mar mars", 3},              {"april apr avril avr", 4},
    {"may mai", 5},                     {"june jun juin", 6},
    {"july jul juillet juil", 7},       {"august aug aout", 8},
    {"september sep sept septembre", 9}, {"october oct octobre", 10},
    {"november nov novembre", 11},      {"december dec decembre", 12},
};

template <typename Each>
void for_each_word(std::string_view list, Each each) {
    std::size_t at = 0;
    while (at < list.size()) {
        const std::size_t end = std::min(list.find(' ', at), list.size());
        if (end > at) each(list.substr(at, end - at));
        at = end + 1;
    }
}

const std::unordered_map<std::string_view, WordEntry>& word_table() {
    static const auto table = [] {
        std::unordered_map<std::string_view, WordEntry> t;
        const auto mark = [&](std::string_view list, std::uint32_t info) {
            for_each_word(list, [&](std::string_view w) { t[w].info |= info; });
        };
        mark(kCommonWords, kCommon);
        mark(kGivenNames, kGivenName);
        mark(kTitles, kTitle);
        mark(kOrdinalSuffixes, kOrdinalSuffix);
        mark(kTopLevelDomains, kTopLevelDomain);
        mark(kMailProviders, kMailProvider);
        mark(kAtWords, kAtWord);
        mark(kDotWords, kDotWord);
        mark(kUnits, kUnit);
        mark(kCardWords, kCardContext);
        mark(kPhoneWords, kPhoneContext);
        mark(kBirthWords, kBirthContext);
        mark(kReferenceWords, kReferenceWord);
        mark(kNameParticles, kNameParticle);
        mark(kClosings, kClosing);
        mark(kVersionWords, kVersionWord);
        mark("premier premiere", kFirstDay);
        mark(kOfWords, kOfWord);
        mark(kTheWords, kTheWord);
        mark(kWeekdays, kWeekday | kCommon);
        for (const auto& m : kMonths) {
            for_each_word(m.names, [&](std::string_view w) {
                t[w].month = m.month;
                t[w].info |= kCommon;  // "March" after "I'm" is not a name
            });
        }
        return t;
    }();
    return table;
}

// ---- Name openers ------------------------------------------------------------------------------

constexpr std::string_view kMyNameIs[] = {"my", "name", "is"};
constexpr std::string_view kMyNameS[] = {"my", "name", "s"};
constexpr std::string_view kMyNames[] = {"my", "names"};
constexpr std::string_view kMyFirstNameIs[] = {"my", "first", "name", "is"};
constexpr std::string_view kMyFullNameIs[] = {"my", "full", "name", "is"};
constexpr std::string_view kNameIs[] = {"name", "is"};
constexpr std::string_view kName[] = {"name"};
constexpr std::string_view kIAmCalled[] = {"i", "am", "called"};
constexpr std::string_view kIm[] = {"i", "m"};
constexpr std::string_view kImJoined[] = {"im"};
constexpr std::string_view kIAm[] = {"i", "am"};
constexpr std::string_view kThisIs[] = {"this", "is"};
constexpr std::string_view kCallMe[] = {"call", "me"};
constexpr std::string_view kJeMappelle[] = {"je", "m", "appelle"};
constexpr std::string_view kJmappelle[] = {"j", "m", "appelle"};
constexpr std::string_view kMonNomEst[] = {"mon", "nom", "est"};
constexpr std::string_view kMonPrenomEst[] = {"mon", "prenom", "est"};
constexpr std::string_view kJeMeNomme[] = {"je", "me", "nomme"};
constexpr std::string_view kNom[] = {"nom"};
constexpr std::string_view kJeSuis[] = {"je", "suis"};

const std::vector<NameOpener>& opener_table() {
    static const std::vector<NameOpener> openers = {
        {kMyNameIs, {}, false, false, false},     {kMyNameS, {}, false, false, false},
        {kMyNames, {}, false, false, false},      {kMyFirstNameIs, {}, false, false, false},
        {kMyFullNameIs, {}, false, false, false}, {kNameIs, {}, false, false, false},
        {kName, {}, false, true, false},          {kIAmCalled, {}, false, false, false},
        {kJeMappelle, {}, false, false, false},   {kJmappelle, {}, false, false, false},
        {kMonNomEst, {}, false, false, false},    {kMonPrenomEst, {}, false, false, false},
        {kJeMeNomme, {}, false, false, false},    {kNom, {}, false, true, false},
        {kIm, {}, true, false, false},            {kImJoined, {}, true, false, false},
        {kIAm, {}, true, false, false},           {kThisIs, {}, true, false, false},
        {kCallMe, {}, true, false, false},        {kJeSuis, {}, true, false, false},
        {{}, U"我叫", false, false, false},        {{}, U"我名叫", false, false, false},
        {{}, U"我叫做", false, false, false},      {{}, U"我的名字是", false, false, false},
        {{}, U"我的名字叫", false, false, false},  {{}, U"本人叫", false, false, false},
        {{}, U"姓名", false, true, false},         {{}, U"我姓", false, false, true},
        {{}, U"我是", true, false, false},         {{}, U"本人是", true, false, false},
    };
    return openers;
}

// ---- Chinese ----------------------------------------------------------------------------------

// The most common surnames, simplified and traditional.
constexpr std::u32string_view kSurnames =
    U"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    U"任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    U"莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
    U"梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简"
    U"車張劉陳楊黃趙吳孫馬許鄭謝韓馮鄧蕭葉蘇呂蔣盧鍾譚陸範賈韋鄒閆龍陶賀顧龔錢嚴湯溫莊聶魯歐關藍";
constexpr std::u32string_view kCompoundSurnames[] = {
    U"欧阳", U"司马", U"诸葛", U"上官", U"东方", U"皇甫", U"尉迟", U"公孙", U"慕容", U"令狐", U"长孙",
    U"宇文", U"司徒", U"夏侯", U"轩辕", U"歐陽", U"司馬", U"諸葛", U"東方", U"長孫"};
constexpr std::u32string_view kChineseTitles[] = {
    U"医生", U"醫生", U"大夫", U"先生", U"女士", U"小姐", U"太太", U"老师", U"老師", U"护士", U"護士",
    U"阿姨", U"教授", U"师傅", U"師傅"};
// Characters that end a name rather than continue it: particles, pronouns, common verbs and
// time words ("我叫李明今天..." is 李明).
constexpr std::u32string_view kNameEnders =
    U"的了是在和跟与对今昨来说想要很也都就还又从给把被让我你他她它们这那有没不吗呢吧啊呀哦嗯已才刚岁请谢";

struct CjkEntry {
    std::u32string_view word;
    std::uint32_t info;
};
constexpr CjkEntry kCjkWords[] = {
    {U"健康卡", kCardContext}, {U"保健卡", kCardContext}, {U"医保", kCardContext}, {U"醫保", kCardContext},
    {U"卡号", kCardContext},   {U"卡號", kCardContext},   {U"健保", kCardContext},
    {U"电话", kPhoneContext},  {U"電話", kPhoneContext},  {U"手机", kPhoneContext}, {U"手機", kPhoneContext},
    {U"联系", kPhoneContext},  {U"聯繫", kPhoneContext},  {U"致电", kPhoneContext}, {U"打给", kPhoneContext},
    {U"出生", kBirthContext},  {U"生日", kBirthContext},  {U"生于", kBirthContext}, {U"生於", kBirthContext},
    {U"发票", kReferenceWord}, {U"發票", kReferenceWord}, {U"订单", kReferenceWord}, {U"訂單", kReferenceWord},
    {U"收据", kReferenceWord}, {U"单号", kReferenceWord},
    {U"分钟", kUnit}, {U"分鐘", kUnit}, {U"小时", kUnit}, {U"小時", kUnit}, {U"星期", kUnit},
    {U"秒", kUnit}, {U"分", kUnit}, {U"天", kUnit}, {U"周", kUnit}, {U"个", kUnit}, {U"個", kUnit},
    {U"元", kUnit}, {U"块", kUnit}, {U"塊", kUnit}, {U"岁", kUnit}, {U"歲", kUnit}, {U"人", kUnit},
    {U"次", kUnit}, {U"位", kUnit}, {U"度", kUnit}, {U"号", kUnit}, {U"號", kUnit}, {U"楼", kUnit},
    {U"层", kUnit}, {U"张", kUnit}, {U"把", kUnit}, {U"年", kUnit}, {U"月", kUnit},
};

}  // namespace

WordEntry look_up_word(std::string_view key) {
    const auto& table = word_table();
    const auto it = table.find(key);
    return it == table.end() ? WordEntry{} : it->second;
}

std::span<const NameOpener> name_openers() { return opener_table(); }

bool starts_opener(std::string_view key) {
    static const auto firsts = [] {
        std::vector<std::string_view> words;
        for (const auto& o : opener_table())
            if (!o.words.empty()) words.push_back(o.words.front());
        return words;
    }();
    return std::find(firsts.begin(), firsts.end(), key) != firsts.end();
}

bool starts_cjk_opener(char32_t ideograph) {
    for (const auto& o : opener_table())
        if (!o.cjk.empty() && o.cjk.front() == ideograph) return true;
    return false;
}

bool is_chinese_surname(char32_t ideograph) { return kSurnames.find(ideograph) != std::u32string_view::npos; }

bool is_compound_surname(char32_t first, char32_t second) {
    for (const auto s : kCompoundSurnames)
        if (s[0] == first && s[1] == second) return true;
    return false;
}

std::size_t chinese_title_at(std::u32string_view text) {
    for (const auto title : kChineseTitles)
        if (text.starts_with(title)) return title.size();
    return 0;
}

bool ends_chinese_name(char32_t ideograph) { return kNameEnders.find(ideograph) != std::u32string_view::npos; }

CjkWord cjk_word_at(std::u32string_view text) {
    for (const auto& w : kCjkWords)  // longer words first in each group, so "分钟" before "分"
        if (text.starts_with(w.word)) return {w.info, w.word.size()};
    return {0, 0};
}

int chinese_numeral(char32_t ideograph) {
    static constexpr std::u32string_view kDigits = U"〇一二三四五六七八九";
    if (ideograph == U'零') return 0;
    if (ideograph == U'十') return 10;
    const auto at = kDigits.find(ideograph);
    return at == std::u32string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace tellus::masking
