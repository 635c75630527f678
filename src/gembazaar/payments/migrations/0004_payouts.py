# Seller payouts (issue 16, its slot in order): the payout ledger, order releases, payouts and each
# seller's payout account (commission override). See payments/models/payouts.py.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0007_payout_owed_line_hs_code'),
        ('payments', '0003_cards_refunds_running_totals'),
        ('sellers', '0005_returns_policy'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Payout',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.DecimalField(decimal_places=3, max_digits=15, verbose_name='amount')),
                ('currency', models.CharField(max_length=3, verbose_name='currency')),
                ('status', models.CharField(choices=[('requested', 'Requested'), ('sent', 'Sent'), ('cancelled', 'Cancelled')], default='requested', max_length=10, verbose_name='status')),
                ('bank_reference', models.CharField(blank=True, max_length=255, verbose_name='bank reference')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('idempotency_key', models.CharField(blank=True, max_length=255, verbose_name='idempotency key')),
                ('requested_by_name', models.CharField(blank=True, max_length=254, verbose_name='requested by')),
                ('requested_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='requested at')),
                ('done_by_name', models.CharField(blank=True, max_length=254, verbose_name='sent or cancelled by')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                ('cancelled_at', models.DateTimeField(blank=True, null=True, verbose_name='cancelled at')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('seller', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payouts', to='sellers.seller')),
            ],
            options={
                'ordering': ['-requested_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='PayoutAccount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('commission_percent', models.DecimalField(blank=True, decimal_places=2, help_text="Empty: the marketplace's default.", max_digits=5, null=True, verbose_name='commission (%)')),
                ('commission_set_by_name', models.CharField(blank=True, max_length=254, verbose_name='commission set by')),
                ('commission_set_at', models.DateTimeField(blank=True, null=True, verbose_name='commission set at')),
                ('seller', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='payout_account', to='sellers.seller')),
            ],
        ),
        migrations.CreateModel(
            name='PayoutEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('sale', 'Sale'), ('commission', 'Marketplace commission'), ('refund', 'Refund to the buyer'), ('commission_refund', 'Commission given back'), ('payout', 'Payout'), ('payout_cancelled', 'Payout cancelled'), ('correction', 'Correction by staff')], max_length=20, verbose_name='kind')),
                ('amount', models.DecimalField(decimal_places=3, max_digits=15, verbose_name='amount')),
                ('currency', models.CharField(max_length=3, verbose_name='currency')),
                ('fx_rate', models.DecimalField(blank=True, decimal_places=10, max_digits=20, null=True, verbose_name='FX rate')),
                ('percent', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, verbose_name='percent')),
                ('idempotency_key', models.CharField(blank=True, max_length=255, verbose_name='idempotency key')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('recorded_by_name', models.CharField(blank=True, max_length=254, verbose_name='recorded by')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='created at')),
                ('order', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='payout_entries', to='orders.order')),
                ('payment_entry', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='payout_entries', to='payments.paymententry')),
                ('payout', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='payments.payout')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('seller', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payout_entries', to='sellers.seller')),
            ],
            options={
                'verbose_name_plural': 'payout entries',
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='PayoutRelease',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('released_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='released at')),
                ('order', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='payout_release', to='orders.order')),
                ('seller', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='sellers.seller')),
            ],
        ),
        migrations.AddIndex(
            model_name='payout',
            index=models.Index(fields=['seller', '-requested_at'], name='payout_seller_requested_idx'),
        ),
        migrations.AddConstraint(
            model_name='payout',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='payout_amount_positive'),
        ),
        migrations.AddConstraint(
            model_name='payout',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['requested', 'sent', 'cancelled'])), name='payout_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='payout',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'sent'), _negated=True), models.Q(models.Q(('bank_reference', ''), _negated=True), ('sent_at__isnull', False)), _connector='OR'), name='payout_sent_has_reference'),
        ),
        migrations.AddConstraint(
            model_name='payout',
            constraint=models.UniqueConstraint(condition=models.Q(('idempotency_key', ''), _negated=True), fields=('idempotency_key',), name='payout_idempotency_key_once'),
        ),
        migrations.AddConstraint(
            model_name='payoutaccount',
            constraint=models.CheckConstraint(condition=models.Q(('commission_percent__isnull', True), models.Q(('commission_percent__gte', 0), ('commission_percent__lte', 100)), _connector='OR'), name='payout_account_commission_0_100'),
        ),
        migrations.AddIndex(
            model_name='payoutentry',
            index=models.Index(fields=['seller', 'created_at'], name='payout_entry_seller_at'),
        ),
        migrations.AddConstraint(
            model_name='payoutentry',
            constraint=models.CheckConstraint(condition=models.Q(('amount', 0), _negated=True), name='payout_entry_amount_not_zero'),
        ),
        migrations.AddConstraint(
            model_name='payoutentry',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['sale', 'commission', 'refund', 'commission_refund', 'payout', 'payout_cancelled', 'correction'])), name='payout_entry_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='payoutentry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('amount__gt', 0), ('kind__in', ['sale', 'commission_refund', 'payout_cancelled'])), models.Q(('amount__lt', 0), ('kind__in', ['commission', 'refund', 'payout'])), ('kind', 'correction'), _connector='OR'), name='payout_entry_sign_by_kind'),
        ),
        migrations.AddConstraint(
            model_name='payoutentry',
            constraint=models.UniqueConstraint(condition=models.Q(('kind__in', ['sale', 'commission'])), fields=('order', 'kind'), name='payout_entry_sale_once_per_order'),
        ),
        migrations.AddConstraint(
            model_name='payoutentry',
            constraint=models.UniqueConstraint(condition=models.Q(('payment_entry__isnull', False)), fields=('payment_entry', 'kind'), name='payout_entry_refund_once'),
        ),
        migrations.AddConstraint(
            model_name='payoutentry',
            constraint=models.UniqueConstraint(condition=models.Q(('payout__isnull', False)), fields=('payout', 'kind'), name='payout_entry_payout_once'),
        ),
        migrations.AddConstraint(
            model_name='payoutentry',
            constraint=models.UniqueConstraint(condition=models.Q(('idempotency_key', ''), _negated=True), fields=('idempotency_key',), name='payout_entry_idempotency_key_once'),
        ),
    ]
