"""Word lists used by the rule-based quote extractor (cues, titles, places, names)."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """Whitespace-separated word list -> frozenset (keeps the lists compact and greppable)."""
    return frozenset(text.split())


def phrases(text: str) -> frozenset[str]:
    """'|'-separated phrase list -> frozenset (phrases may contain spaces)."""
    return frozenset(text.split("|"))


# Reporting verbs. Attribution for full quotes needs a "speech" cue; partial quotes may hang off
# any verb that reports a stance ("vowed to take", "called the move").
SPEECH_CUES = words(
    """
    acknowledged added adds announced answered argued argues asked cautioned commented conceded
    conceding concluded continued countered declared declares emphasised emphasises emphasized
    emphasizes explained explains insisted insists maintained noted notes posted quipped
    recalled reiterated remarked replied replies responded said say says stated states stressed
    stresses suggested tells told tweeted urged warned warns writes wrote
    """
)
STANCE_CUES = words(
    """
    referred referring refers defended defending defends
    accused accuses accusing adding arguing blasted branded branding called calling calls
    complained complains condemned condemning condemns criticised criticises criticising
    criticized criticizes criticizing decried demanded demanding demands denied denies denounced
    denounces denying deplored described describes describing dismissed dismisses dismissing
    dubbed expressed expresses expressing hailed hailing insisting labeled labelled labelling
    lamented noting pledged pledges pledging praised praising predicted promised promises
    promising protested rejected rejecting rejects saying slammed stressing telling termed
    threatened urged urges urging vowed vowing vows warning welcomed welcoming
    """
)
CUES = SPEECH_CUES | STANCE_CUES
# Cues whose object is the addressee, not the content ("X told Y").
ADDRESSEE_CUES = frozenset({"told", "tells", "telling", "asked", "urged", "urges", "urging"})

PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "o", "i": "x", "we": "p"}

# Words that make a capitalised run a title or a role rather than a name.
TITLE_WORDS = words(
    """
    admiral adviser advisor ambassador analyst assistant attache attaché attorney captain
    cardinal chair chairman chairwoman chancellor chief colonel commander commissioner commodore
    congressman congresswoman consul consul-general councillor councilor counsellor counselor
    delegate deputy diplomat director dr economist emir envoy executive fellow foreign general
    governor head judge justice king lady lawmaker leader lieutenant lord major marshal mayor
    mep minister mp mr mrs ms negotiator officer official pope premier president president-elect
    prime prince princess prof professor queen rep representative researcher secretary senator
    sergeant sheikh sir speaker spokesman spokesperson spokeswoman state-councillor sultan
    under-secretary undersecretary vice vice-premier vice-president
    """
)
# Nouns heading an unnamed speaker phrase ("a foreign ministry spokesperson").
ROLE_HEADS = words(
    """
    counterpart counterparts
    administration adviser advisers advisor advisors agency aide aides alliance ambassador
    ambassadors analyst analysts army association authorities authority bank bloc cabinet
    chamber chancellery chief chiefs coast-guard commander commanders commission committee
    consulate council court delegation department diplomat diplomats economist economists
    embassy envoy envoys executive expert experts federation government group guard house
    kremlin lawmaker lawmakers leader leaders legislator legislators lobby military minister
    ministers ministries ministry mission navy negotiator negotiators observer observers office
    officer officers official officials palace parliament party pentagon premier presidency
    president press readout regulator representative representatives researcher researchers
    secretariat secretary senator service services source sources spokesman spokesmen
    spokespeople spokesperson spokespersons spokeswoman spokeswomen statement team union
    """
)
ORG_WORDS = words(
    """
    administration agency alliance army assembly association authority bank broadcaster bureau
    cabinet chamber command commission committee company congress corporation corps council
    court department embassy federation force forces forum fund group guard holdings house inc
    institute kremlin ltd ministry mission navy news office organisation organization palace
    parliament party pentagon post presidency radio secretariat senate service services
    television times union university
    """
)
MONTHS = words(
    """
    apr april aug august dec december feb february jan january jul july jun june mar march may
    nov november oct october sep sept september
    """
)
WEEKDAYS = words(
    """
    friday monday saturday sunday thursday tuesday wednesday
    """
)

# Country / organisation cues -> code. Keys are lowercase; multiword keys are matched as phrases.
COUNTRIES: dict[str, str] = {}


def _add(code: str, words: str) -> None:
    for w in words.split("|"):
        COUNTRIES[w.strip().lower()] = code


_add("US", "united states|u.s.|us|usa|america|american|americans|washington|white house|pentagon")
_add("CN", "china|chinese|beijing|prc|people's republic of china|zhongnanhai")
_add("TW", "taiwan|taiwanese|taipei")
_add("HK", "hong kong")
_add("EU", "eu|european union|brussels|european commission|european parliament|european")
_add("GB", "britain|british|uk|u.k.|united kingdom|london|england|english|scotland")
_add("FR", "france|french|paris|elysee|élysée")
_add("DE", "germany|german|berlin")
_add("JP", "japan|japanese|tokyo")
_add("KR", "south korea|korea|korean|south korean|seoul")
_add("KP", "north korea|north korean|pyongyang")
_add("IN", "india|indian|new delhi|delhi")
_add("AU", "australia|australian|canberra")
_add("NZ", "new zealand|wellington")
_add("CA", "canada|canadian|ottawa")
_add("RU", "russia|russian|moscow|kremlin")
_add("UA", "ukraine|ukrainian|kyiv|kiev")
_add("BR", "brazil|brazilian|brasilia|brasília")
_add("MX", "mexico|mexican|mexico city")
_add("AR", "argentina|argentine|argentinian|buenos aires")
_add("ZA", "south africa|south african|pretoria")
_add("NG", "nigeria|nigerian|abuja")
_add("KE", "kenya|kenyan|nairobi")
_add("EG", "egypt|egyptian|cairo")
_add("ET", "ethiopia|ethiopian|addis ababa")
_add("ID", "indonesia|indonesian|jakarta")
_add("VN", "vietnam|viet nam|vietnamese|hanoi")
_add("PH", "philippines|philippine|filipino|manila")
_add("SG", "singapore|singaporean")
_add("MY", "malaysia|malaysian|kuala lumpur")
_add("TH", "thailand|thai|bangkok")
_add("KH", "cambodia|cambodian|phnom penh")
_add("MM", "myanmar|burmese|naypyitaw")
_add("SA", "saudi arabia|saudi|riyadh")
_add("AE", "united arab emirates|uae|emirati|abu dhabi|dubai")
_add("QA", "qatar|qatari|doha")
_add("IR", "iran|iranian|tehran")
_add("IL", "israel|israeli|jerusalem|tel aviv")
_add("TR", "turkey|turkish|türkiye|ankara")
_add("PK", "pakistan|pakistani|islamabad")
_add("BD", "bangladesh|bangladeshi|dhaka")
_add("NL", "netherlands|dutch|the hague|amsterdam")
_add("IT", "italy|italian|rome")
_add("ES", "spain|spanish|madrid")
_add("PL", "poland|polish|warsaw")
_add("SE", "sweden|swedish|stockholm")
_add("NO", "norway|norwegian|oslo")
_add("FI", "finland|finnish|helsinki")
_add("DK", "denmark|danish|copenhagen")
_add("BE", "belgium|belgian")
_add("AT", "austria|austrian|vienna")
_add("CH", "switzerland|swiss|geneva|bern")
_add("HU", "hungary|hungarian|budapest")
_add("CZ", "czech|czech republic|prague")
_add("GR", "greece|greek|athens")
_add("PT", "portugal|portuguese|lisbon")
_add("IE", "ireland|irish|dublin")
_add("LT", "lithuania|lithuanian|vilnius")
_add("CL", "chile|chilean|santiago")
_add("UN", "united nations|un|u.n.|security council|general assembly")
_add("ASEAN", "asean|southeast asian nations")
_add("NATO", "nato")
_add("WTO", "wto|world trade organization|world trade organisation")
_add("G7", "g7|group of seven")

# Place names that are capital cities: a subject "Beijing" stands for a government.
CAPITALS = phrases(
    "washington|beijing|taipei|brussels|london|paris|berlin|tokyo|seoul|pyongyang|new delhi|"
    "canberra|ottawa|moscow|kyiv|brasilia|mexico city|pretoria|jakarta|hanoi|manila|"
    "singapore|kuala lumpur|bangkok|riyadh|tehran|ankara|islamabad|the hague|rome|madrid|"
    "warsaw|stockholm|wellington|nairobi|abuja|cairo|doha|abu dhabi"
)

# Given names; East Asian names are left out as their first token is usually the surname.
FEMALE_NAMES = words(
    """
    katrin katharina elise élise jana lena anneke annelies marieke mette hanne sanne eva
    ewa zofia beata dorota agata tereza lucie barbora ivana milena mirela elena ioana ana-maria
    aylin elif zeynep ayse ayşe nurul siti dewi ratna putri kanya malee thandi nomvula zanele
    amara chiamaka folake adaeze wanjiku njeri akosua ama efua abena yasmin yasmine salma
    hind noor dana reem tamar noa michal shira hila maya ayesha sana hina zara
    kiran deepa lakshmi meera kavita shreya divya pooja aditi ritu neha

    abigail agnieszka aigerim aiko aisha akiko alexis alice amanda amber amelie amina amy amélie
    ana ananya andrea andrée angela anjali anke ann anna annalena annika ashley astrid barbara
    beatriz betty beverly birgit brenda brittany camille carmen carol carolyn catherine
    charlotte cheryl chiara chidi-ma chloe christina christine claire condoleezza cynthia
    danielle deborah debra denise diana diane dilnoza donna doris dorothy elena elizabeth emily
    emma evelyn fatima fernanda fiona frances francesca freya gabriela gina giorgia giulia
    gloria grace greta hannah heather heike helen helena hessa hillary ilse ines ingrid inès
    irina isabel isabella jacqueline jane janet janice jean jennifer jessica joan joyce judith
    judy julia julie kamala karen katarzyna kate katherine kathleen kathryn kayla keiko kelly
    kimberly kirsten kirsty kristin kristina laura lauren layla leila lina linda lisa liv liz
    lucia luciana madeleine madison marcia margaret margrethe maria mariam mariana marie marilyn
    marisa marta martha mary megan melissa michelle nadia nancy naomi natalia natalie ngozi
    nicole noura oksana olga olivia pamela patricia penny petra pilar priti priya rachel rania
    rebecca renate roberta rosa rose ruth sabine samantha samira sandra sara sarah saule sharon
    shirley siobhan sofia sophia sophie stephanie sunita susan svetlana tatiana teresa theresa
    ursula valentina victoria virginia wanjiru yoko yuko yulia yvette
    """
)
MALE_NAMES = words(
    """
    tom tim jim bill bob mike dan ben sam nick matt chris jeff greg ken ted ed rob hugo felix
    max moritz lukas jonas tobias stefan markus andreas thorsten olivier julien mathieu
    sebastien sébastien nicolas emmanuel arnaud rodrigo tiago joao joão paulo sergio andres
    andrés alejandro javier enrique mehmet mustafa ahmet emre yusuf ibrahim tariq bilal imran
    arif raj ravi sanjay anil sunil deepak manoj prakash suresh ramesh oleksandr dmytro andriy
    taras bohdan yevhen viktor pavel arkady gennady boris yuri igor oleg maxim anton
    takeshi hiroshi masato takumi kenichi shigeru haruto yuto sota kaito
    aaron abdullah adam ahmed akira alan albert alexander alexei alexey ali amit anders andrew
    andrzej anthony antoine antonio arjun arthur austin benjamin billy bobby bola boris brandon
    brian bruce bryan carl carlos charles christian christopher cyril daisuke daniel david
    dennis diego dmitri dmitry donald douglas dylan edward elijah emmanuel eric erik ethan
    eugene faisal fernando francois frank françois friedrich fumio gabriel gary george gerald
    giorgio giuseppe gordon grant gregory hans harold haruki hassan heinz henry hiroshi hussein
    ichiro ivan jack jacob jacques jair james jan jason jean-luc jean-pierre jeffrey jeremy
    jerry jesse joe john johnny jonathan jordan jorge jose joseph joshua juan jurgen justin
    jürgen karl keir keith kenji kenneth kenta kevin khalid klaus kwame kyle larry lars lawrence
    liam logan louis luc luca luis luiz lula magnus marco mark martin mateusz matteo matthew
    michael miguel mikhail mohammed muhammad narendra nathan nicholas nigel nikolai nils noah
    olaf olav olivier omar patrick paul pedro peter philip pierre piotr rafael rahul ralph ramon
    randy raymond richard rishi robert roger ronald roy russell ryan samuel scott sean sergei
    sergey shinzo stephen steven subrahmanyam sven takeshi taro terry thomas timothy tomasz tony
    tyler uhuru vijay vincent vladimir walter wayne william willie wolfgang yoshi zachary
    """
)
STOP_CAPS = words(
    """
    a after all also although an and as asked at because before both but by dr earlier five for
    four from he her here his how however i if in it its later many meanwhile mr mrs ms no not
    of on one or our several she since some speaking standing still that the their there these
    they this those though three to two we what when where which while who whom why with yet
    """
)
# Phrases before a quote that mark it as a term or scare quote rather than a statement.
TERM_BEFORE = (
    "so-called",
    "so called",
    "dubbed",
    "known as",
    "the phrase",
    "the term",
    "the word",
    "the slogan",
    "the label",
    "the concept of",
    "the notion of",
    "the idea of",
    "the catchphrase",
    "the motto",
    "the mantra",
    "the acronym",
    "nicknamed",
    "branded as",
    "code-named",
    "codenamed",
    "code named",
    "titled",
    "entitled",
    "hashtag",
)
# Lowercase words that may follow a partial quote without making it a modifier of a noun.
AFTER_FUNCTION_WORDS = words(
    """
    what how who whom why whether which where when
    about across after again against along also amid among and are around as at be because been
    before between beyond but by can could despite during even for from had has have he here i
    if in including into is it just may might must near nor not now of on only onto or over per
    she should since so than that then there these they this those through to toward towards
    under unless until upon via was we were when where whether which while who whom whose will
    with within without would yet you
    """
)

# Nouns naming a document rather than a speaker ("the statement said").
DOCUMENT_NOUNS = words(
    """
    statement statements readout readouts transcript report reports notice letter post
    communique communiqué release text document sheet translation version summary decree
    filing order ruling memo memorandum cable editorial commentary article broadcast
    bulletin declaration
    """
)

# Institutions whose name implies the country ("a State Department spokesperson" -> US).
ORG_COUNTRIES: dict[str, str] = {
    "state department": "US",
    "commerce department": "US",
    "treasury department": "US",
    "defense department": "US",
    "treasury": "US",
    "pentagon": "US",
    "white house": "US",
    "senate": "US",
    "senator": "US",
    "congressman": "US",
    "congresswoman": "US",
    "kremlin": "RU",
    "downing street": "GB",
    "foreign office": "GB",
    "whitehall": "GB",
    "mi5": "GB",
    "mi6": "GB",
    "elysee": "FR",
    "élysée": "FR",
    "eastern theater command": "CN",
    "theater command": "CN",
    "people's liberation army": "CN",
    "pla": "CN",
    "xinhua": "CN",
    "zhongnanhai": "CN",
    "kcna": "KP",
    "european commission": "EU",
    "european parliament": "EU",
    "bundestag": "DE",
    "chancellery": "DE",
}
