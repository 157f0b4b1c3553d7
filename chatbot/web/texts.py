"""What the edge itself says, in Spanish and French: no image, too fast, something broke.

Why here and not in the domain: these answers are given when the message must not
reach Rasa (an image, a flood) or when Rasa cannot answer (a fault). Numbers are
never typed here: `{number}` is the country's emergency number from data/directory/.
"""
from __future__ import annotations

from typing import Dict

NOT_TEXT: Dict[str, str] = {
    "es": (
        "No necesito ninguna imagen ni archivo para ayudarte, así que no lo he abierto ni guardado. "
        "No se lo mandes a nadie, tampoco aquí: así no circula más. "
        "Cuéntame con palabras qué pasa o toca una opción."
    ),
    "fr": (
        "Je n'ai besoin d'aucune image ni d'aucun fichier pour t'aider, donc je ne l'ai ni ouvert ni gardé. "
        "Ne l'envoie à personne, même pas ici : comme ça, il ne circule pas plus. "
        "Raconte-moi avec des mots ce qui se passe ou touche une option."
    ),
}

RATE_LIMITED: Dict[str, str] = {
    "es": (
        "Me llegan muchos mensajes muy rápido y necesito un momento. Espera un minuto y vuelve a escribirme. "
        "Si estás en peligro, llama ya al {number}."
    ),
    "fr": (
        "Je reçois beaucoup de messages très vite et j'ai besoin d'un moment. Attends une minute et réécris-moi. "
        "Si tu es en danger, appelle tout de suite le {number}."
    ),
}

DEGRADED: Dict[str, str] = {
    "es": (
        "Ahora mismo tengo un fallo técnico y no puedo contestarte bien. No es culpa tuya. "
        "Si estás en peligro, llama al {number}. También puedes hablar con:"
    ),
    "fr": (
        "J'ai un problème technique et je ne peux pas bien te répondre maintenant. Ce n'est pas de ta faute. "
        "Si tu es en danger, appelle le {number}. Tu peux aussi parler à :"
    ),
}

DEGRADED_RETRY: Dict[str, str] = {
    "es": "Vuelve a escribirme en unos minutos.",
    "fr": "Réécris-moi dans quelques minutes.",
}
