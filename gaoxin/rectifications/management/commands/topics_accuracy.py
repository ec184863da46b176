"""Print the complaint-topic model's accuracy on the labelled set."""

from django.core.management.base import BaseCommand

from gaoxin.rectifications.topics.evaluate import evaluate, evaluate_corrections, format_report


class Command(BaseCommand):
    help = "Accuracy of the complaint-topic classifier on the labelled set (and with corrections)."

    def handle(self, *args, **options):
        self.stdout.write(format_report(evaluate(), evaluate_corrections()))
