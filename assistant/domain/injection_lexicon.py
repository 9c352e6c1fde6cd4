"""The word families the injection cues are made of, on folded text (see ``injection_cues``).

Lower case, no accents (the text is folded first). Each family lists English stems and
their equivalents in the languages of the tuning sets (French, Welsh, German, Spanish,
Italian, Portuguese, Dutch, Polish, Romanian, Turkish, Somali, Lithuanian, Czech, Urdu,
Punjabi, Hindi, Bengali, Arabic, Chinese), plus general vocabulary.
"""

from __future__ import annotations

import re

_B = r"(?<![^\W_])"  # a word starts here (letters of any script)


def _words(*stems: str) -> str:
    return _B + "(?:" + "|".join(stems) + ")"


#: Someone or something reading the document to produce output.
MACHINE = _words(
    r"ai\b",
    r"a\.i\.",
    r"ia\b",
    r"ki\b",
    r"llms?\b",
    r"gpt",
    r"chat\s?bots?",
    r"bots?\b",
    r"artificial intelligence",
    r"intelligence artificielle",
    r"inteligencia artificial",
    r"intelligenza artificiale",
    r"inteligencia artificial",
    r"inteligencia",
    r"intelig",
    r"kunstmatige intelligentie",
    r"kunstliche intelligenz",
    r"sztuczn\w* inteligencj\w*",
    r"deallusrwydd artiffisial",
    r"inteligenta artificiala",
    r"yapay zeka",
    r"sirdoon",
    r"garaadka macmalka",
    r"language models?",
    r"sprachmodell\w*",
    r"modelo\w* de lenguaje",
    r"modele\w* de langage",
    r"(?:ai|digital|virtual|dear|your|research|reviewer.s|the|any|all|automated) assistants?\b",
    r"assistant\s*[:,]",
    r"model\s*:",
    r"\w+bot\b",
    r"(?:downstream|automated|automatic|ai) \S*\s?systems?",
    r"text-analysis",
    r"drafting tools?",
    r"tools? (?:reading|processing|displaying|that)",
    r"whoever or whatever",
    r"automati\w+",
    r"automate\b",
    r"b?feddalwedd",
    r"meddalwedd",
    r"asystenc\w*",
    r"asistan\w*",
    r"l.ia\b",
    r"systemow ai",
    r"(?:ai|summary|summari[sz]ation|readers?.?|drafting|analysis) tools?",
    r"outils? de (?:resume|synthese)",
    r"outils? (?:automatiques?|d.ia)",
    r"whoever (?:condenses|summari[sz]es|compiles|prepares|reads)",
    r"anyone (?:preparing|summari[sz]ing|compiling|condensing|drafting)",
    r"(?:whoever|anyone|anybody|those|readers?|the person|people|the sawl|quiconque|chiunque|"
    r"wie\b|kdo\b|ktokolwiek|cualquiera|quem|jeder) (?:\S+ ){0,5}(?:writes? up|compil\w*|"
    r"prepar\w*|condens\w*|summari[sz]\w*|draft\w*|produc\w*|turn\w* (?:\S+ ){0,3}into|"
    r"redige\w*|samenvat\w*|paratoi\w*|pripravuje|prepari|prepara)",
    r"(?:summary|summari[sz]ation|condensing|drafting|briefing) (?:engines?|guidance|tools?)",
    r"model instruction",
    r"(?:person or tool|tool or person)",
    r"asistente?s?\b",
    r"assistente?\b",
    r"assistent\w*",
    r"cynorthwy\w*",
    r"summari[sz]ers?\b",
    r"summari[sz]ing (?:software|tools?|systems?|models?)",
    r"summary tools?",
    r"automated",
    r"automatic",
    r"machine\w*",
    r"b?peiriant",
    r"software",
    r"algorithm\w*",
    r"tool\w* (?:that|which) (?:summari|read|process)",
    r"ذكاء اصطناعي",
    r"الذكاء الاصطناعي",
    r"اے آئی",
    r"مصنوعی ذہانت",
    r"ਏਆਈ",
    r"outils? d.ia",
    r"herramientas? de ia",
    r"strument\w* di",
    r"ferrament\w* de ia",
    r"narzedz\w*",
    r"instrument\w* de",
    r"offeryn\w*",
    r"ki-\w+",
    r"ai-\w+",
)
#: Tools that read documents, named by their job ("indexing tools", "the model reading
#: this annex", "generators of meeting notes").
MACHINE_JOB = _words(
    r"(?:indexing|retrieval|search|summari[sz]ing|drafting|text|processing) (?:tools?|layer|"
    r"software|systems?|engines?)",
    r"(?:the|any) (?:model|system|tool|pipeline|software) (?:reading|processing|ingesting|"
    r"indexing|handling)",
    r"(?:generators?|compilers?|producers?|drafters?) of (?:\w+ ){0,2}(?:notes?|minutes|"
    r"digests?|summar(?:y|ies)|briefings?|reports?|records?)",
    r"pipeline (?:instruction|directive|rule|step)",
)
#: Output the reader produces.
OUTPUT = _words(
    r"summar(?:y|ies)",
    r"summari[sz]\w*",
    r"overview",
    r"digest",
    r"drafts?\b",
    r"answers?\b",
    r"responses?\b",
    r"repl(?:y|ies)",
    r"outputs?\b",
    r"briefings?",
    r"extracts?\b",
    r"write-?ups?",
    r"resumes?\b",
    r"synthese",
    r"resumen\w*",
    r"respuesta",
    r"reponse",
    r"riassunt\w*",
    r"rispost\w*",
    r"resumo",
    r"resposta",
    r"zusammenfass\w*",
    r"antwort\w*",
    r"samenvat\w*",
    r"antwoord",
    r"podsumowani\w*",
    r"odpowied\w*",
    r"crynodeb\w*",
    r"grynodeb\w*",
    r"ateb",
    r"rezumat\w*",
    r"raspuns",
    r"ozet\w*",
    r"cevap",
    r"soo koob\w*",
    r"jawaab",
    r"ملخص",
    r"خلاص\w*",
    r"جواب",
    r"ਸਾਰ",
    r"status table",
    r"dashboard",
    r"minutes\b",
    r"(?:generated|derived|rag) (?:summar\w*|outputs?)",
    r"reading any",
    r"khulas\w*",
    r"crynhoi\w*",
    r"summary\b",
    r"precis",
    r"condensed version",
    r"meeting notes?",
    r"board report",
    r"sintesi",
    r"shrnuti",
    r"santrauk\w*",
    r"samenvatting",
    r"σuνοψη|συνοψη",
    r"纪要|摘要|总结",
    r"सारांश",
    r"সারাংশ",
)
#: Being told what to put in, or leave out of, that output.
DIRECTIVE = _words(
    r"say\b(?! that they| they)",
    r"state\b(?! of| and| funded| schools?| special| provision)",
    r"states? that",
    r"report (?:that|every|all|it|them)",
    r"report (?:\S+ ){0,4}as\b",
    r"record (?:that|it|them|every|all|in)",
    r"describe (?:\S+ ){0,6}as\b",
    r"print\b",
    r"output\b",
    r"reveal\b",
    r"repeat\b",
    r"confirm that",
    r"conclude that",
    r"present \w+(?: \w+){0,6} as",
    r"treat \S+(?: \S+){0,5} as",
    r"shown? as",
    r"mark\w* (?:\S+ ){0,6}as",
    r"rate\w* (?:\S+ ){0,5}(?:as|green|amber|red)",
    r"rate (?:all|every|each)\b",
    r"tell (?:the )?(?:reader|user|person)\w* that",
    r"fassen \w+ (?:\w+ ){0,3}zusammen",
    r"classif\w* (?:\w+ ){0,6}as",
    r"list \w+ as",
    r"answer (?:that|by|with|yes|no)",
    r"respond\w* (?:that|by|with|only)",
    r"reply (?:that|by|with|only)",
    r"omit\w*",
    r"leave out",
    r"left out",
    r"exclude\b",
    r"withhold\w*",
    r"hide\b",
    r"conceal\w*",
    r"characteri[sz]\w*",
    r"reflect (?:that|the)",
    r"attribut\w*",
    r"display\w*",
    r"convert\w*",
    r"quot(?:e|ed|ing)\b",
    r"refrain",
    r"play down",
    r"downplay",
    r"soften",
    r"note that",
    r"(?:not|never) (?:be )?(?:carried|included|quoted|summari[sz]ed|mentioned|reported|cited|"
    r"shown)",
    r"(?:is|are) not to be",
    r"write only",
    r"always reports?",
    r"depict\w*",
    r"portray\w*",
    r"describe\w*",
    r"disgrifio",
    r"ddisgrifio",
    r"ddangos",
    r"dangos",
    r"precizez\w*",
    r"poda(?:c|wac)\b",
    r"attribuer",
    r"mencion\w*",
    r"menzion\w*",
    r"darstell\w*",
    r"likh\w*",
    r"goster\w*",
    r"soz etme",
    r"citer",
    r"يذكر",
    r"erwahn\w*",
    r"zikar",
    r"(?:do not|don.t|never|must not|should not|shall not|need not) (?:\w+ ){0,2}"
    r"(?:mention|refer|include|disclose|reveal|tell|repeat|show|say|report|state|list)",
    r"no need to (?:include|mention|report)",
    r"keep (?:this|it) from",
    r"indiquez",
    r"indiquer",
    r"notez",
    r"noter",
    r"declarez",
    r"mentionn\w*",
    r"omett\w*",
    r"classe[rz]\b",
    r"affich\w*",
    r"indica\b",
    r"indicar\b",
    r"afirm[ae]\b",
    r"declare\b",
    r"declara\b",
    r"escrib\w*",
    r"escrev\w*",
    r"no incluy\w*",
    r"omit\w*",
    r"napisz",
    r"wspominaj",
    r"podaj",
    r"zglos\w*",
    r"riport\w*",
    r"rivel\w*",
    r"scriv\w*",
    r"informe\b",
    r"meld\b",
    r"vermeld\w*",
    r"schrijf\w*",
    r"vermijd\w*",
    r"nodwch",
    r"nodi\b",
    r"d?datgan",
    r"rhowch",
    r"peidiwch a son",
    r"gib\b",
    r"gebe\w*",
    r"verschweig\w*",
    r"festh\w*",
    r"angeb\w*",
    r"schreib\w*",
    r"erwahn\w*",
    r"bewert\w*",
    r"afis\w*",
    r"raport\w*",
    r"scrie\w*",
    r"mentiona\w*",
    r"yaz\w*",
    r"belirt\w*",
    r"bahset\w*",
    r"sheeg\w*",
    r"qor\b",
    r"ku dar",
    r"لکھ\w*",
    r"ذکر",
    r"اكتب",
    r"اذكر",
    r"تقييم",
    r"بيان",
    r"ਲਿਖ\w*",
    r"ਦੱਸ\w*",
)
#: Telling the reader to set aside its instructions or the document's evidence.
OVERRIDE = _words(
    r"(?:ignore|disregard|forget|override|bypass|set aside)\w* (?:\S+ ){0,4}"
    r"(?:instructions?|guidance|rules|prompts?|directions|above|before)\b",
    r"whatever the (?:tables?|data|document|evidence)",
    r"irrespective of the (?:evidence|data)",
    r"regardless of the (?:evidence|data|tables?)",
    r"overrides? any",
    r"from now on",
    r"ignor\w* (?:\w+ ){0,3}(?:instruc\w*|consign\w*|indicac\w*|istruzion\w*|anweisung\w*|"
    r"instructi\w*|polecen\w*|cyfarwyddiad\w*|talimat\w*|tilmaam\w*)",
    r"negeer\w*",
    r"zignoruj\w*",
    r"anwybydd\w*",
    r"tilmaamaha hore",
    r"نظر انداز",
    r"تجاهل",
    r"ਅਣਡਿੱਠ",
    r"ਨਜ਼ਰਅੰਦਾਜ਼",
)
#: Setting the document's own evidence aside ("disregard the RAG column"): an order only
#: when someone is addressed, since a real note may say "disregard the March table".
DISMISS = _words(
    r"(?:ignore|disregard|override|set aside)\w* (?:\S+ ){0,3}"
    r"(?:data|tables?|ratings?|rag|evidence|figures?|column)\b",
)
#: Casting the reader in a role ("pretend you are", "[system]", "### instruction").
ROLEPLAY = re.compile(
    r"let.s play|pretend (?:you are|to be)|stay in character|"
    r"you are now (?:an?|the|in|acting|playing|no longer)\b|"
    r"you are the \w+ (?:bot|assistant|model|officer|inspector|lead)|"
    r"\[(?:system|admin|developer|sys)\]|#+ ?(?:instruction|response|system)\b|"
    r"developer message|\{\s*\W?role\W?\s*:|<\s*/?\s*(?:system|instructions?)\s*>|"
    r"(?:processing|editorial|automation|summari[sz]ation|prompt) (?:note|guidance|instructions?)\b"
)

#: Secrets of the reader itself.
SECRET = _words(
    r"system (?:prompt|instructions?|message|override)",
    r"hidden (?:prompt|instructions?)",
    r"systemanweisung\w*",
    r"prompt\w* (?:di|de|du) (?:sistema|systeme|sistem)",
    r"promptul",
    r"instructions? (?:you were|that came) ",
    r"maintenance mode",
    r"(?:your|tus|vos|tes|deine|ihre|eich|je|tue|suas|twoje) (?:\S+ ){0,2}(?:instructions?|"
    r"instrucciones|istruzioni|instrucoes|configuration|rules|prompts?|cyfarwyddiadau|"
    r"anweisungen|instructies|polecenia|tool list|safety rules)",
    r"(?:developer|hidden|safety|secret) (?:instructions?|rules|prompts?|messages?)",
    r"every instruction you",
    r"echo back",
    r"rules you have been told",
    # Orders to leave out or label (2026-12-06). They belong with DIRECTIVE; here, in a
    # family that both addresses and tells, each opens the gate alone. Moving them
    # changes what is detected: judge it on a new sealed set (evals/README).
    r"leave (?:\S+ ){0,5}out\b",
    r"(?:stays?|kept|keep|left) (?:\S+ ){0,2}out of (?:it|them|this|the (?:note|summary|record|"
    r"minutes|draft|write-?up|output))",
    r"(?:give|assign|attach) (?:\S+ ){0,4}(?:the )?(?:status|rating|rag|label)",
)
#: Second person aimed at the reader ("your summary", "when you draft").
SECOND_PERSON = _words(
    r"your (?:summary|answer|response|output|draft|reply|overview|write-?up)",
    r"(?:when|before|if|as) you (?:draft|write|summari[sz]e|answer|respond|produce|generate|"
    r"reply|cite)",
    r"you (?:must|should|shall|will|are to|need to) (?:say|state|report|record|write|answer|"
    r"describe)",
    r"if you (?:are|happen to be) an?",
    r"any (?:\w+ )?you (?:generate|produce|write)",
    r"(?:if|when|while|as|before) you(?: are|.re)? (?:\w+ )?(?:compil\w+|writ\w+|draft\w*|"
    r"prepar\w+|produc\w+|finalis\w+|finaliz\w+|summaris\w+|put\w* together)",
    r"(?:whatever|anything) you (?:\w+ )?(?:produce|write|generate|draft|prepare|compile)",
    r"you.re writing",
)
#: "When asked about X, say Y"; "if anyone asks".
WHEN_ASKED = _words(
    r"(?:when|if) (?:you are |anyone |someone |a user |the user )?ask(?:s|ed)\b",
    r"(?:if|when|where|whenever|should|in the event that|once) (?:\S+ ){0,4}"
    r"(?:asks?|asked|enquir\w*|questioned|queried|request\w*)\b",
    r"(?:if|when|where|whenever) (?:a|the|any) (?:question|query|request|user|reader) (?:\S+ ){0,2}"
    r"(?:mentions|concerns|is about|touches|refers)",
    r"falls jemand",
    r"wenn jemand",
    r"si quelqu.un",
    r"als iemand",
    r"jesli ktos",
    r"qualora",
    r"se qualcuno",
    r"si alguien",
    r"se alguem",
    r"os gofynnir",
    r"daca cineva",
    r"eger biri",
    r"اذا سئل\w*",
    r"اذا سيلت",
    r"如果有人",
    r"अगर कोई",
    r"যদি কেউ",
    r"ਜੇ ਕੋਈ",
    r"اگر کوئی",
    r"(?:quand|si) on (?:vous )?demande",
    r"wenn (?:man|jemand) fragt",
    r"cuando (?:se )?pregunt\w*",
)
#: Decision or requirement framing ("the Board agreed that any summary ... should").
DECISION = _words(
    r"agreed that",
    r"resolved\b",
    r"decided that",
    r"decision of",
    r"directed that",
    r"requirement of this",
    r"it is required",
    r"for the avoidance of doubt",
    r"must be read as",
    r"should be read as",
    r"a decide",
    r"beschlossen",
    r"acordo",
    r"se acordo",
    r"decidio",
    r"besloten",
    r"postanowi\w*",
    r"penderfyn\w*",
    r"cytunwyd",
)
#: The person the reader answers, from whom something is to be kept.
AUDIENCE = _words(
    r"(?:the|any|our) (?:users?|readers?|person asking|human|enquirer)\b(?! of)",
    r"(?:to|from) (?:the )?users\b",
    r"readers? note",
    r"note (?:to|for) (?:the )?readers?",
    r"(?:y |r )?defnyddiwr\w*",
    r"utilisateur\w*",
    r"usuari[oa]s?",
    r"benutzer\w*",
    r"nutzer\w*",
    r"gebruiker\w*",
    r"uzytkownik\w*",
    r"utent[ei]",
    r"utilizador\w*",
    r"utilizator\w*",
    r"kullanici\w*",
    r"isticmaal\w*",
    r"صارف",
    r"المستخدم",
    r"ਵਰਤੋਂਕਾਰ",
)
#: An order opening a sentence, addressed to whoever reads it ("Rate all actions green").
IMPERATIVE = re.compile(
    r"(?:^|[.!?:;\n]\s*|^\W*)(?:please |kindly )?(?:say|state|rate|output|print|reveal|omit|"
    r"append|overwrite|reproduce|disclose|echo|soften|skip|(?:keep|leave) (?:\S+ ){0,6}out|"
    r"(?:do not|don.t|never) (?:mention|disclose|reveal|tell|say|report|include|refer)|"
    r"(?:mark|describe|classify|treat|present|record|show|list) (?:\S+ ){0,6}as (?:green|complete|"
    r"completed|closed|on track|amber|done))\b"
)

#: A modal on the output ("any summary ... must", "summaries are to").
MODAL = _words(
    r"must\b",
    r"should\b",
    r"shall\b",
    r"is to\b",
    r"are to\b",
    r"is required to",
    r"are required to",
    r"needs? to",
    r"doit\b",
    r"doivent",
    r"debe\w*",
    r"muss\w*",
    r"soll\w*",
    r"dylai",
    r"rhaid",
    r"moet\w*",
    r"musi\w*",
    r"deve\w*",
    r"trebuie",
    r"يجب",
    r"چاہیے",
)
#: The subject of the output: "any", "every", "all" summaries.
ANY_OUTPUT = _words(
    r"(?:any|every|all|each) (?:\w+ ){0,2}(?:summar(?:y|ies)|overview|digest|answers?|drafts?|"
    r"extracts?|briefings?|reports? (?:drawing|based|generated|produced)|outputs?|responses?)",
    r"tout(?:e|es)? (?:\w+ ){0,1}(?:resume|synthese|reponse)",
    r"cualquier (?:resumen|respuesta)",
    r"jede\w* (?:\w+ ){0,1}zusammenfassung",
    r"unrhyw grynodeb",
    r"qualsiasi (?:riassunto|risposta)",
    r"qualquer (?:resumo|resposta)",
    r"elke samenvatting",
    r"kazde\w* podsumowani\w*",
    r"orice rezumat",
    r"أي ملخص",
    r"کسی بھی",
)
#: A rating or status the reader is told to give.
RATING = _words(
    r"(?:as|be|is|are) (?:green|amber|red|complete|completed|closed|on track)",
    r"rag\b",
    r"traffic-light",
    r"en vert",
    r"in verde",
    r"en verde",
    r"em verde",
    r"gwyrdd",
    r"grun\b",
    r"groen",
    r"na zielono",
    r"verde\b",
    r"اخضر",
    r"الأخضر",
)
#: Something made from this document by whoever reads it: "any record derived from this
#: paper", "downstream", "for onward reporting", "wherever it is quoted", "anything written
#: from this plan". Real reports speak of *their* reports to a Board, not of copies of
#: themselves; the classifier still decides.
_PRODUCT = (
    r"(?:records?|versions?|cop(?:y|ies)|accounts?|products?|material|notes?|tables?|"
    r"tabulations?|renderings?|restatements?|descriptions?|reports?|documents?|texts?|"
    r"write-?ups?|precis|summar(?:y|ies)|digests?|extracts?|briefings?|minutes|outputs?|"
    r"responses?|answers?|anything|whatever|nothing)"
)
_MADE = (
    r"(?:derived|drawn|generated|produced|compiled|written|built|condensed|lifted|taken|"
    r"pulled|created|prepared|made|based|drawing)"
)
_SOURCE = (
    r"(?:this|these|the|it|them|here)\b(?: \w+)?(?: (?:paper|document|file|note|plan|report|"
    r"page|pages|section|annex|appendix|template|form|meeting|chart|table|data|minute))?"
)
DERIVED = _words(
    rf"{_PRODUCT} (?:\w+ ){{0,2}}{_MADE} (?:up )?(?:from|on|upon|out of|off) {_SOURCE}",
    r"(?:derived|derivative|onward|generated|condensed|automated|machine-made)\s"
    r"(?:\w+ )?(?:records?|versions?|cop(?:y|ies)|accounts?|products?|material|notes?|"
    r"reporting|use|communication|outputs?|briefings?|summar(?:y|ies)|tables?|tabulations?|"
    r"renderings?|reproduction)",
    r"downstream\b",
    r"(?:any|every|all|each|no) (?:\w+ ){0,2}(?:rendering|restatement|precis|write-?up|"
    r"tabulation|retelling|paraphrase|digest|derived)",
    r"wherever (?:\w+ ){0,3}(?:quoted|cited|paraphrased|restated|reproduced|summari[sz]ed|"
    r"referenced|repeated|reported|described|used)",
    r"(?:for|in) (?:all )?(?:purposes of )?(?:onward|external|further|later|any other|use|"
    r"citation|reproduction|transmission) (?:use|reporting|communication|citation|elsewhere|"
    r"account)",
    r"(?:travels|goes|carried|carries|crosses|passes) (?:over )?(?:beyond|outside|out of) "
    r"(?:this|these|the) (?:\w+ )?(?:document|paper|file|page|section|annex|appendix|meeting)",
    rf"(?:travels|goes|carried|carries|crosses|passes) (?:over )?(?:into|across to|forward "
    rf"(?:into|to)) (?:the |any |every |all )?(?:\w+ )?{_PRODUCT}",
    r"(?:what|nothing|anything) (?:\w+ ){0,2}(?:travels|crosses|carries) (?:beyond|over|into)",
    r"carried forward",
    r"leaves? the building",
    r"(?:any|every|all|each) (?:\w+ ){0,2}(?:accounts? of|conclusions?|exports?|secondary|"
    r"reporting purposes|purposes?\b|recipients?|copies|versions?)",
    r"secondary (?:documents?|reporting|use|outputs?)",
    r"(?:not|never|nothing) (?:\w+ ){0,2}(?:for|to be) (?:citation|reproduction|repetition|"
    r"paraphrase|quotation|onward)",
    r"(?:not|never|no longer) (?:\w+ ){0,2}(?:reproduced|repeated|surfaced|brought into|"
    r"drawn on|carried (?:into|across|over)|quoted) (?:beyond|in|into|outside|elsewhere)",
    r"(?:whoever|anyone|those|recipients) (?:\w+ ){0,2}(?:writes?|writing|pulls?|pulling|"
    r"compil\w+|produc\w+|draft\w*|prepar\w+|summari[sz]\w+)",
    r"(?:plain-?)?text (?:versions?|renderings?) of",
    r"when (?:\w+ ){0,3}(?:is |are )?(?:exported|summari[sz]ed|condensed|extracted|indexed)",
    r"(?:summari[sz]ed|condensed|external|secondary|onward) reporting",
    r"reporting (?:rule|status|convention|position)",
    r"(?:for|in) the write-?up",
    r"what goes in(?:to)? the (?:record|note|minutes?|summary|write-?up)",
)
#: Content prescribed for the reader's output, whoever is told: "the only figure to give",
#: "is the number to appear", "supersedes", "is to be read as", "the position to be".
#: How a reader is to characterise what it reads: the framing prescribed for a summary
#: ("is best framed as", "the fair reading is", "readers should take away", "line to take",
#: "treat those as green"), whoever is addressed. Written while reading hostile set f.
FRAMED = _words(
    r"(?:best|fairly|accurately|most (?:faithfully|accurately|fairly)|properly) "
    r"(?:described|characteri[sz]ed|framed|summari[sz]ed|presented|put|expressed) as",
    r"(?:fair|faithful|accurate|appropriate|proper|only sensible) (?:reading|takeaway|"
    r"characteri[sz]ation|interpretation|short description)",
    r"(?:readers?|reviewers?|anyone reading) (?:should|must|can|may|are asked to|are to) "
    r"(?:take away|treat|proceed|regard|disregard|assume|not carry)",
    r"(?:line|answer|response|reply) to (?:take|give)\b",
    r"(?:reported|described|given|quoted|cited|stated|treated|recorded|shown|referred to|"
    r"read) (?:as such|accordingly)\b",
    r"(?:accordingly|therefore|thereafter|henceforth) (?:given|shown|reported|recorded|"
    r"described|treated|read|quoted|referred to) as",
    r"(?:can|may|should|could) (?:treat|read|regard|count) (?:those|these|them|it|this|all)"
    r"(?: \w+){0,3} as",
    r"state this\b",
    r"(?:imagine|pretend) (?:you are|this is|that you)",
    r"acting as (?:the|an?) (?:\w+ ){0,3}(?:adviser|advisor|inspector|lead|sro|officer|chair)",
    r"take the (?:perspective|voice|role) of",
    r"(?:wherever|whenever|each time) (?:the|this|its) (?:\w+ ){0,3}(?:is|are) "
    r"(?:described|summari[sz]ed|reproduced|quoted|cited|mentioned)",
    r"(?:is|are) (?:reproduced|quoted|cited|summari[sz]ed) without",
)

PRESCRIBED = _words(
    r"(?:the )?only (?:figure|number|rating|status|wording|line|position|account|answer|"
    r"version|value|form of words) (?:to|that)",
    r"(?:figure|number|rating|status|wording|line|position|value|headline|form of words) "
    r"(?:to (?:be )?(?:quote|quoted|give|given|use|used|appear|cite|cited|report|reported|"
    r"carry|carried)|for (?:use|citation|reporting|transmission))",
    r"(?:is|are) (?:the one|the ones|what) (?:\w+ ){0,2}(?:quoted|cited|used|given|reported)",
    r"(?:is|are|be) to be (?:read|understood|reported|described|treated|shown|given|expressed|"
    r"characterised|characterized|recorded|cited|presented|rendered|quoted|stated|taken)",
    r"(?:supersedes?|superseded|replaces them|overtaken|dead\b|in force|live value|stands "
    r"wherever|legacy calculation)",
    r"(?:it )?should be (?:reported|stated|recorded|noted) that",
    r"(?:the )?(?:correct|relevant|right|agreed|approved|standard|official) (?:response|"
    r"answer|line|position|wording|narrative|form of words|account)",
    r"(?:is|are) (?:answered|met|handled|dealt) with",
    r"is paired with",
    r"(?:sole|single|authoritative|headline) (?:account|narrative|position|version|figure|"
    r"status|line)",
)
