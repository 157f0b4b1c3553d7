"""Word lists the redactor needs: first names, words that only look like names, places to keep.

Why a list of first names: teens type names in lowercase ("soy la maria", "c'est
enzo"), which spaCy's NER (trained on newspaper text) does not see. The list is
the common first names of children and parents in Spain and France, with their
usual short forms; it was written from general knowledge, not from the labelled
set. A name that is also an everyday word ("rosa", "paz", "ange", "claire", "mia"
as in "fotos mias", "nina" as "niña" without its tilde) is in AMBIGUOUS: it counts
as a name only after a cue ("me llamo rosa") or with a capital letter mid-sentence.
All entries are folded (lowercase, no accents), as `fold()` leaves a word.
"""
from __future__ import annotations

from typing import FrozenSet

from spacy.lang.es.stop_words import STOP_WORDS as _ES_STOP
from spacy.lang.fr.stop_words import STOP_WORDS as _FR_STOP

from chatbot.language.detection import fold


def _words(text: str) -> FrozenSet[str]:
    return frozenset(fold(word) for word in text.split())


FIRST_NAMES = _words(
    # Spain, girls
    """lucia sofia maria martina paula julia daniela valeria carla sara noa carmen claudia valentina ana
    chloe marta irene laura elena andrea ainhoa nerea aitana jimena olivia adriana ariadna natalia cristina
    raquel patricia beatriz silvia lorena miriam nuria alicia ines carlota triana leire naia iria noelia
    veronica vero yolanda eva esther susana isabel isa teresa lidia celia marina angela gabriela mara aroa
    ainara lara alejandra elsa zoe nahia nora amaia itziar estela tania yaiza sandra monica rebeca erika
    jennifer jessica tamara vanesa judith ariana sonia barbara diana emilia ximena camila sofi lola manuela
    sonsoles inma inmaculada concha rosario mariana lorena ainhize irati june maialen uxue"""
    # Spain, boys
    """ hugo martin lucas mateo daniel dani alejandro alex pablo manuel manu alvaro adrian david mario enzo
    diego marcos izan javier javi bruno oliver miguel thiago antonio gonzalo iker sergio carlos jorge juan
    jose pedro luis raul ruben ivan victor samuel nicolas nico gabriel eric aaron hector joel jaime unai
    aitor asier ander gorka jon rodrigo guillermo guille ismael fernando francisco fran ignacio rafael rafa
    santi andres oscar alberto roberto ricardo eduardo edu joaquin kevin cristian christian jonathan yago
    eloy liam noah dylan axel saul marc pau pol jordi arnau biel oriol gerard ramon sebastian mauricio
    emilio julian tomas felipe cesar pepe paco matias benjamin ian teo mohamed mohammed ahmed youssef omar
    adam amir ayoub bilal ilyas hamza mateus alonso iñigo inigo xabi xavi pelayo borja alfonso enrique"""
    # France, girls
    """ emma louise alice lina lea mila anna julia mia manon juliette lou camille agathe jeanne nina romane
    sarah charlotte lucie margaux margot pauline marie oceane maelys anais mathilde louna elise elisa
    victoire apolline yasmine nour aya lana salome justine morgane melanie celine nathalie sandrine
    isabelle sophie valerie christine sylvie stephanie audrey aurelie emilie julie helene caroline elodie
    amandine clemence noemie maeva ilona lilou louane maya leonie adele josephine gabrielle alix heloise
    axelle assia myriam sabrina kenza imane amira sirine hanna emy candice lily lucile coralie laetitia
    chantal brigitte florence nadia samia fatima leila yasmina ines inaya jade eloise clementine
    lisa ophelie cecile"""
    # France, boys
    """ gabriel raphael arthur louis jules mael ethan tiago sacha gabin nathan aaron tom theo noe timeo
    nolan maxime antoine thomas alexandre baptiste clement quentin romain julien mathis mathys matheo
    evan valentin yanis rayan ilyes sofiane younes mehdi amine karim kylian kilian killian lenny esteban
    loic florian jacques michel philippe francois olivier stephane sebastien vincent guillaume damien
    jeremy anthony gael robin simon marius augustin achille malo sasha eden ismael isaac naim wassim
    adem elias noam paul leon lorenzo mathias nassim sami samy rayane ryan yassine anis ilan kais
    alexis benoit cedric franck fabien gregory ludovic mickael nicolas pascal thierry yann"""
)
# Names that are also everyday words (or become one without accents/tilde): a name only with a cue or a capital.
AMBIGUOUS = _words(
    """rosa sol paz mar luz angel pilar victoria rocio blanca dolores esperanza consuelo amparo alba clara
    candela aurora abril africa luna alma gala nieves estrella cruz reyes remedios soledad mercedes jesus
    santiago salvador leo max marco lisa nina lena mia vera leon nacho celeste amor milagros
    rose pierre claire marine ange grace patience france olive ambre iris capucine violette aurore
    constance prudence jean fer florence noel malo victoire jaime clementine concha rosario tomas anis
    petit grand"""
)
FIRST_NAMES = FIRST_NAMES - AMBIGUOUS

COUNTRIES = _words(
    """espana spain espagne francia france belgica belgique belgium suiza suisse luxemburgo luxembourg
    portugal italia italie alemania allemagne marruecos maroc argelia algerie tunez tunisie mexico
    colombia argentina peru venezuela ecuador chile bolivia uruguay paraguay cuba andorra monaco senegal
    europa europe america africa canada quebec reino unido inglaterra angleterre mexique colombie argentine
    perou equateur bolivie roumanie rumania pologne polonia ukraine ucrania russie rusia chine china inde
    india japon bresil brasil etats-unis estados unidos usa eeuu royaume-uni irlande irlanda pays-bas holanda
    suede suecia grece grecia turquie turquia egypte egipto mali cameroun camerun haiti guinee guinea
    venezuela dominicana republica republique"""
)
PLATFORMS = _words(
    """instagram insta ig tiktok tik tok snapchat snap whatsapp wasap wassap whats telegram discord twitter
    x facebook face messenger youtube google twitch reddit roblox fortnite minecraft only onlyfans bereal
    pinterest threads gmail hotmail outlook icloud apple android iphone samsung chatgpt ia ai"""
)
# Everyday words that follow "estoy en", "soy de", "je suis", "c'est" ... and are not names or places.
COMMON = _words(
    """casa clase shock serio seria mi tu su el la los las un una nuevo nueva nuevos tonto tonta chica
    chico madre padre profe profesora profesor alumno alumna menor mayor fatal bien mal sola solo triste
    horrible culpa verdad aqui alli ahi ayer hoy manana noche tarde grupo cuarto cama calle pueblo ciudad
    barrio parque insti instituto cole colegio trabajo serie peligro panico
    maison classe cours choc serieux serieuse nouveau nouvelle bete mere pere maman papa prof eleve
    mineure mineur seule seul triste horrible honte faute vrai ici hier demain soir nuit groupe chambre
    lit rue village ville quartier parc college lycee ecole danger panique perdue perdu fille garcon
    moi toi lui elle eux sur dans pas clair claire trop tres vraiment grave mal bien
    sextorsion sextorsión grooming chantaje ciberacoso acoso montaje deepfake nudes foto fotos video
    chantage harcelement cyberharcelement montage photo photos videos denuncia plainte policia police
    sabe cree piensa vio paso tiene dijo actual sait pense croit veut voit actuelle actuel
    dios netflix fortnite spotify amazon wallapop vinted direct aussi encore toujours vite deja tambien
    todavia siempre ya rapido faire dire lire ecrire prendre apprendre comprendre mettre voir recevoir
    boire vivre suivre avenida avenue plaza place paseo boulevard ies ceip
    lunes martes miercoles jueves viernes sabado domingo enero febrero marzo abril mayo junio julio agosto
    septiembre octubre noviembre diciembre navidad navidades pascua semana santa halloween
    lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet aout
    septembre octobre novembre decembre paques toussaint
    guardia civil mossos ertzaintza policia nacional fiscalia juzgado juez jueza gendarmerie gendarme
    gendarmes justice procureur tribunal pharos cnil aepd incibe ministerio ministere gobierno gouvernement
    ayuda aide hola salut gracias merci perdon pardon vale bueno bon genial super
    cosas cosa pequeno pequena mediano menor petit petite grand grande aine ainee cadet cadette
    tutoria recreo patio comedor gimnasio biblioteca excursion recre recreation cantine gymnase cdi
    permanence perm"""
)
STOP = frozenset(fold(word) for word in _ES_STOP | _FR_STOP) | _words(
    """q k xq pq porfa plis pls jaja jajaja jeje xd lol mdr ptdr wsh wesh stp svp bon ok vale si no oui non
    jsp chai tkt bref genre trop grave tt tjrs"""
)
NOT_A_NAME = STOP | COUNTRIES | PLATFORMS | COMMON
