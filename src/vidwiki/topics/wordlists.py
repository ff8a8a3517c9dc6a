"""Word lists that make key phrases read like topics.

``STOPWORDS`` are function words: a phrase never starts or ends with one. ``GENERIC`` are
content words so common in speech (and in explanations) that alone they never name a topic,
though they may sit inside a longer phrase ("prime number", "change of basis").
The lists are ours, written for spoken English, so topic extraction needs no download and does
not depend on the rest of the channel (which keeps a video's topics stable when others change).
"""

from __future__ import annotations

STOPWORDS = frozenset(
    """
a about above across after again against all almost along already also although always am among an
and another any anybody anyone anything anyway anywhere are aren't around as at away back be
became because become becomes been before behind being below beside besides between beyond both
but by can can't cannot could couldn't did didn't do does doesn't doing don't done down during
each either else enough even ever every everybody everyone everything everywhere except few for
from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
herself him himself his how how's however i i'd i'll i'm i've if in inside instead into is isn't
it it'd it'll it's its itself just let let's many may maybe me might mine more most mostly much
must mustn't my myself neither never no nobody none nor not nothing now nowhere of off often on
once one ones only onto or other others otherwise ought our ours ourselves out outside over own
per perhaps quite rather really same shall shan't she she'd she'll she's should shouldn't since so
some somebody someone something sometimes somewhat somewhere still such than that that's the their
theirs them themselves then there there's therefore these they they'd they'll they're they've this
those though through throughout thus till to together too toward towards under unless until up
upon us very via was wasn't we we'd we'll we're we've were weren't what what's whatever when
when's whenever where where's wherever whether which while who who's whoever whole whom whose why
why's will with within without won't would wouldn't yet you you'd you'll you're you've your yours
yourself yourselves versus vs plus minus times squared cubed divided equals um uh erm hmm oh ah yeah yes okay ok alright right well like gonna wanna
gotta kinda sorta actually basically literally really pretty just sure cause cuz also else etc
"""
    .split()
)

GENERIC = frozenset(
    """
able access account act action actual add added adding again age ago agree ahead air allow allowed
amount answer answers anyway appear approach area areas argue argument around ask asked asking
aspect attention away bad bar base based basic beautiful begin beginning behind believe best better
big bigger bit bits body book books bottom box break bring bunch call called calling calls came
care careful case cases cause center certain certainly chance change changed changes changing
channel check choice choose clear clearly close come comes coming common completely consider
context continue couple course create created cut day days deal decide deep describe detail details
different difficult direction discuss doing dollar dollars double draw drawing earlier early easy
effect effectively else end ended ending ends enjoy entire entirely episode equal especially
essentially event events everyday exact exactly example examples excited expect experience explain
explained express fact fair fairly fall familiar far fast feel feeling felt figure final finally
find fine finish first five focus follow following form four free friend friends front full fun
fundamental future game general generally get gets getting give given gives giving go goes going
good got great group guess guy guys half hand happen happened happening happens happy hard head
hear heard help here high higher hold home hope hour hours huge idea ideas imagine important
interesting involved issue issues item job keep kind kinds knew know knowing known large last
late later learn learned least leave left less lesson level life light likely line lines list
little live long look looked looking looks lose lot lots love low made main make makes making
man manner matter mean meaning means meant mention mentioned middle mind minute minutes miss moment
moments month months move moving name named need needed needs new next nice night normal note
notice number numbers obvious obviously old open opinion order original part particular
particularly parts past pause people perfect perfectly person personally piece place places play
plenty point points possible post practice present pretty previous probably problem problems
process pull pulled put puts question questions quick quickly random rate reach read reading ready
real realize reason reasons remember rest result results review run running said saw say saying
says second seconds section see seeing seem seemed seems seen sense series set setting show showed
shown shows side sign similar simple simply single situation six slightly small smaller sort sorts
sound sounds space speak special specific spend spent stand standard start started starting starts
state step steps stop story straight strange stuff suppose supposed take taken takes taking talk
talked talking talks team tell telling ten term terms test thank thanks thing things think
thinking third thought three time times today told took top total totally toward trick tried true
truly try trying turn turns two type types typical understand understanding unit use used useful
uses using usual usually value version video videos view viewers walk want wanted wants watch
watching way ways week weeks weird went whole wide word words work worked working works world
worth write writing wrong year years yesterday young zero
one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred
hundreds thousand thousands million millions billion billions trillion dozen
subscribe subscribed patreon sponsor sponsored supporters support thanks video's
describe described predict predicted compute computed calculate calculated recognize recognized
increase decrease count counting fill filled land lands landed mention represent represents
apply applied define defined involve involves produce produced suggest suggests require requires
consider considered compare compared notice noticed explain explains imagine imagined
negative positive previous similar certain various several entire particular typical actual
tiny huge main key basic simple interesting nice cool crazy awesome amazing lovely clever weird
lecture talk conversation podcast guest episode audience question answer topic topics
introduction intro outro summary conclusion recap chapter
"""
    .split()
)

# Words that point at something in the talk rather than name a kind of thing: "two parity checks",
# "different coefficients", "the original shape", "this new function". A phrase never starts
# with one ("parity checks" is the concept); ordinals that name kinds ("first derivative",
# "second difference") are not here.
DISCOURSE_MODIFIERS = frozenset(
    """
different new next last original particular little tiny full certain given same other previous
specific whole actual entire various several chosen single few many own latter former possible
elegant annoying nice beautiful cool clever lovely weird crazy amazing awesome interesting important
big small useful main key basic huge giant
two three four five six seven eight nine ten twelve twenty hundred thousand million
""".split()
)

# The second half of a compound modifier: "real-valued functions" said without its hyphen gives
# "valued functions", which is no concept.
COMPOUND_TAILS = frozenset("valued shaped based sized dimensional related oriented".split())

OPENERS_TO_SKIP = frozenset({"introduction", "intro", "outro", "sponsor", "sponsors", "ad", "ads", "conclusion", "summary", "end", "credits", "patreon"})
