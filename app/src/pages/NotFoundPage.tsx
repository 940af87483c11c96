import { EmptyState } from '../components/ui';
import { useTitle } from '../hooks';
import { Link } from '../router';
import { useTranslation } from 'react-i18next';

export function NotFoundPage() {
  const { t } = useTranslation();
  useTitle(t('notFound.title'));
  return (
    <div className="page">
      <EmptyState title={t('notFound.body')}>
        <Link to="/chat">{t('notFound.goToChat')}</Link>
      </EmptyState>
    </div>
  );
}
