# Trade assurance disputes (issue 16): disputes, offers, the append-only audit trail and its photos.
# A slot kept in this order so the parts of issue 16 built side by side never fork the migration graph.
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import gembazaar.payments.models.disputes
import gembazaar.sellers.storage


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0005_invoices"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Dispute',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(choices=[('not_as_described', 'Not as described'), ('not_received', 'Not received'), ('damaged', 'Arrived damaged'), ('not_disclosed', 'Treatment or nature not disclosed'), ('fake_certificate', 'Fake or mismatched certificate'), ('other', 'Something else')], max_length=20, verbose_name='reason')),
                ('description', models.TextField(verbose_name='what went wrong')),
                ('status', models.CharField(choices=[('open', 'Open: buyer and seller negotiate'), ('agreed', 'Agreed'), ('escalated', 'Escalated to the council'), ('decided', 'Decided by the council'), ('withdrawn', 'Withdrawn by the buyer')], default='open', max_length=10, verbose_name='status')),
                ('order_status_before', models.CharField(max_length=20, verbose_name='order status before')),
                ('opened_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='opened at')),
                ('negotiate_until', models.DateTimeField(verbose_name='negotiate until')),
                ('escalated_at', models.DateTimeField(blank=True, null=True, verbose_name='escalated at')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                ('outcome', models.CharField(blank=True, choices=[('partial_refund', 'Agreed: partial refund, the buyer keeps the piece'), ('return', 'Agreed: return for a full refund'), ('refund_full', 'Council decision: refund in full'), ('refund_part', 'Council decision: refund in part'), ('release', 'Council decision: money released to the seller'), ('withdrawn', 'Withdrawn by the buyer')], max_length=20, verbose_name='outcome')),
                ('refund_amount', models.DecimalField(blank=True, decimal_places=3, max_digits=15, null=True, verbose_name='refund')),
                ('currency', models.CharField(max_length=3, verbose_name='currency')),
                ('decided_by_name', models.CharField(blank=True, max_length=254, verbose_name='decided by')),
                ('decision_reason', models.TextField(blank=True, verbose_name='reason for the decision')),
                ('buyer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('order', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='disputes', to='orders.order')),
                ('refund', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='payments.refund')),
            ],
            options={
                'ordering': ['-opened_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='DisputeOffer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('partial_refund', 'Partial refund, the buyer keeps the piece'), ('return', 'Return the piece for a full refund')], max_length=20, verbose_name='offer')),
                ('amount', models.DecimalField(blank=True, decimal_places=3, max_digits=15, null=True, verbose_name='amount')),
                ('currency', models.CharField(max_length=3, verbose_name='currency')),
                ('made_by_role', models.CharField(choices=[('buyer', 'Buyer'), ('seller', 'Seller'), ('staff', 'Council staff'), ('system', 'GemBazaar')], max_length=10, verbose_name='made by')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('status', models.CharField(choices=[('pending', 'Waiting for an answer'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('superseded', 'Replaced by a later offer')], default='pending', max_length=10, verbose_name='status')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='made at')),
                ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                ('dispute', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='offers', to='payments.dispute')),
                ('made_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='DisputeEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('opened', 'Dispute opened'), ('message', 'Message'), ('offer_made', 'Offer made'), ('offer_accepted', 'Offer accepted'), ('offer_declined', 'Offer declined'), ('escalated', 'Escalated to the council'), ('auto_escalated', 'Escalated to the council: the days to negotiate are over'), ('return_received', 'The seller confirmed the piece came back'), ('refund_requested', 'Refund requested'), ('decided', 'Decided by the council'), ('withdrawn', 'Withdrawn by the buyer')], max_length=20, verbose_name='what')),
                ('actor_name', models.CharField(blank=True, max_length=254, verbose_name='by')),
                ('role', models.CharField(choices=[('buyer', 'Buyer'), ('seller', 'Seller'), ('staff', 'Council staff'), ('system', 'GemBazaar')], max_length=10, verbose_name='role')),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='at')),
                ('amount', models.DecimalField(blank=True, decimal_places=3, max_digits=15, null=True, verbose_name='amount')),
                ('currency', models.CharField(blank=True, max_length=3, verbose_name='currency')),
                ('detail', models.CharField(blank=True, max_length=20, verbose_name='detail')),
                ('text', models.TextField(blank=True, verbose_name='words')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('dispute', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='payments.dispute')),
                ('offer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='payments.disputeoffer')),
            ],
            options={
                'ordering': ['at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='DisputePhoto',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('image', models.ImageField(max_length=255, storage=gembazaar.sellers.storage.private_storage, upload_to=gembazaar.payments.models.disputes.dispute_photo_path, verbose_name='image')),
                ('thumbnail', models.ImageField(max_length=255, storage=gembazaar.sellers.storage.private_storage, upload_to=gembazaar.payments.models.disputes.dispute_photo_path, verbose_name='thumbnail')),
                ('width', models.PositiveIntegerField(default=0)),
                ('height', models.PositiveIntegerField(default=0)),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='photos', to='payments.disputeevent')),
            ],
            options={
                'ordering': ['id'],
            },
        ),
        migrations.AddIndex(
            model_name='dispute',
            index=models.Index(fields=['status', 'negotiate_until'], name='dispute_status_deadline_idx'),
        ),
        migrations.AddConstraint(
            model_name='dispute',
            constraint=models.UniqueConstraint(condition=models.Q(('closed_at__isnull', True)), fields=('order',), name='dispute_one_active_per_order'),
        ),
        migrations.AddConstraint(
            model_name='dispute',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['open', 'agreed', 'escalated', 'decided', 'withdrawn'])), name='dispute_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='dispute',
            constraint=models.CheckConstraint(condition=models.Q(('reason__in', ['not_as_described', 'not_received', 'damaged', 'not_disclosed', 'fake_certificate', 'other'])), name='dispute_reason_valid'),
        ),
        migrations.AddConstraint(
            model_name='dispute',
            constraint=models.CheckConstraint(condition=models.Q(('outcome__in', ['', 'partial_refund', 'return', 'refund_full', 'refund_part', 'release', 'withdrawn'])), name='dispute_outcome_valid'),
        ),
        migrations.AddConstraint(
            model_name='dispute',
            constraint=models.CheckConstraint(condition=models.Q(('refund_amount__isnull', True), ('refund_amount__gt', 0), _connector='OR'), name='dispute_refund_positive'),
        ),
        migrations.AddConstraint(
            model_name='dispute',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'decided'), _negated=True), models.Q(('decision_reason', ''), _negated=True), _connector='OR'), name='dispute_decision_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='disputeoffer',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('dispute',), name='dispute_offer_one_pending'),
        ),
        migrations.AddConstraint(
            model_name='disputeoffer',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['partial_refund', 'return'])), name='dispute_offer_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='disputeoffer',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'accepted', 'declined', 'superseded'])), name='dispute_offer_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='disputeoffer',
            constraint=models.CheckConstraint(condition=models.Q(('made_by_role__in', ['buyer', 'seller'])), name='dispute_offer_by_a_party'),
        ),
        migrations.AddConstraint(
            model_name='disputeoffer',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'partial_refund'), ('amount__gt', 0)), models.Q(('kind', 'return'), ('amount__isnull', True)), _connector='OR'), name='dispute_offer_amount_matches_kind'),
        ),
        migrations.AddIndex(
            model_name='disputeevent',
            index=models.Index(fields=['dispute', 'at'], name='dispute_event_dispute_at'),
        ),
        migrations.AddConstraint(
            model_name='disputeevent',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['opened', 'message', 'offer_made', 'offer_accepted', 'offer_declined', 'escalated', 'auto_escalated', 'return_received', 'refund_requested', 'decided', 'withdrawn'])), name='dispute_event_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='disputeevent',
            constraint=models.CheckConstraint(condition=models.Q(('amount__isnull', True), ('amount__gt', 0), _connector='OR'), name='dispute_event_amount_positive'),
        ),
    ]
